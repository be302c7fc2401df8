// The float64 CPU reference transformer (Llama, Qwen2, Qwen3): forward, and loss with the
// gradient of every parameter. Every GPU kernel and the GPU model are checked against it.
export { referenceForward, type ForwardCache, type ForwardResult, type LayerActivations, type ReferenceOptions, type ReferenceVariant } from './model-forward';
export { referenceLoss, referenceLossAndGrads, type LossAndGrads } from './model-backward';
export { parameterSizes, layerNames, type ReferenceConfig, type ReferenceWeights } from './model-weights';
