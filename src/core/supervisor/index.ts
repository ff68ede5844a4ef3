// The MLX server supervisor's public face.
export { backoffDelay } from './crashHistory';
export { createMlxSupervisor, MlxSupervisor, type SupervisedAskOptions } from './mlxSupervisor';
export type { MlxSupervisorOptions, OutputLine, SupervisorState, SupervisorStateName } from './options';
