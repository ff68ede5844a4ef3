// How a model is named wherever an A/B test names one (after a vote, in win rates): its base and version.
import type { Model } from '../db/schema';

export interface AbModelRef {
  model_id: number;
  /** e.g. "qwen2.5 v2". */
  label: string;
}

export const modelRef = (model: Pick<Model, 'id' | 'model_name' | 'base_model' | 'version'>): AbModelRef => ({
  model_id: model.id,
  label: `${model.base_model ?? model.model_name} v${model.version}`,
});
