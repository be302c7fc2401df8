// One line telling the user what this adapter can realistically train. WebGPU does not
// report how much memory a GPU has, so this reasons from the adapter kind and its limits.
import type { AdapterReport } from './engine-api';

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software|basic render/i;

export function adapterVerdict(a: AdapterReport): string {
  const text = `${a.vendor} ${a.architecture} ${a.description}`;
  if (a.isFallbackAdapter || SOFTWARE.test(text)) {
    return 'Software GPU (runs on the CPU): only the built-in toy model is practical here. For real models use a machine with a GPU and hardware acceleration on.';
  }
  const maxBuffer = a.limits.maxBufferSize ?? 0;
  if (maxBuffer < 1 << 30) {
    return 'Hardware GPU with small buffer limits: the toy model and ~135M-parameter models (SmolLM2-135M, LoRA) should fit.';
  }
  return 'Hardware GPU: models up to ~0.5B parameters (Qwen2.5-0.5B with LoRA, SmolLM2-360M) should fit; larger ones depend on its memory.';
}
