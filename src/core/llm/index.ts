// The model-server client's public face: ask one question, list models, check liveness.
export {
  type AskOptions,
  type AskResult,
  type AskStream,
  type AskTimeouts,
  ask,
  defaultAskTimeouts,
  type Provider,
} from './ask';
export { createModelServerAgent, defaultModelServerAgent } from './http';
export { isModelServerError, ModelServerError, type ModelServerFailure } from './modelServerError';
export { checkHealth, type Health, listModels, type ServerModel, type ServerTarget } from './models';
export type { Usage } from './provider';
