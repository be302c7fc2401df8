// The toy model is pre-trained on the pipeline's own generation prompt (src/dust).
export { fencedAnswer, generationPrompt } from '../dust/generation-prompt';
