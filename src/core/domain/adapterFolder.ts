// A LoRA adapter folder as mlx_lm.lora writes it (and mlx_lm.server --adapter-path reads it):
// adapters.safetensors and adapter_config.json (lora.py's arguments, sorted by key). Read before a
// version is registered, so a folder that is not an adapter is refused with what it lacks, and what
// the adapter says about itself (the model it was trained on, its layers, rank, iterations) is shown.
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { DomainError } from '../errors';

export const ADAPTER_WEIGHTS = 'adapters.safetensors';
export const ADAPTER_CONFIG = 'adapter_config.json';

/** The fields of adapter_config.json people look at; everything else is kept as it is. */
const adapterConfigSchema = z.looseObject({
  model: z.string().optional(),
  fine_tune_type: z.string().optional(),
  num_layers: z.number().optional(),
  lora_parameters: z.looseObject({ rank: z.number().optional(), scale: z.number().optional() }).nullish(),
  iters: z.number().optional(),
  batch_size: z.number().optional(),
  learning_rate: z.number().optional(),
  data: z.string().optional(),
});
export type AdapterConfig = z.infer<typeof adapterConfigSchema>;

export interface AdapterFolder {
  path: string;
  config: AdapterConfig;
  /** Tensors in adapters.safetensors (its header is read; the weights are not). */
  tensors: number;
  bytes: number;
  /** When adapters.safetensors was last written: the default trained-at. */
  writtenAt: Date;
}

const notAnAdapter = (path: string, what: string) =>
  new DomainError('invalid', `${path} is not an mlx_lm adapter folder: ${what}.`, 'not_an_adapter');

export async function readAdapterFolder(path: string): Promise<AdapterFolder> {
  const folder = await stat(path).catch(() => undefined);
  if (!folder?.isDirectory()) throw notAnAdapter(path, 'no such folder');
  const weightsPath = join(path, ADAPTER_WEIGHTS);
  const configPath = join(path, ADAPTER_CONFIG);
  const [weights, configText] = await Promise.all([
    stat(weightsPath).catch(() => undefined),
    readFile(configPath, 'utf8').catch(() => undefined),
  ]);
  const missing = [
    weights?.isFile() ? undefined : ADAPTER_WEIGHTS,
    configText === undefined ? ADAPTER_CONFIG : undefined,
  ];
  const lacking = missing.filter(Boolean);
  if (lacking.length > 0) throw notAnAdapter(path, `it has no ${lacking.join(' and no ')}`);
  let raw: unknown;
  try {
    raw = JSON.parse(configText!);
  } catch {
    throw notAnAdapter(path, `${ADAPTER_CONFIG} is not JSON`);
  }
  const config = adapterConfigSchema.safeParse(raw);
  if (!config.success) throw notAnAdapter(path, `${ADAPTER_CONFIG} is not an object of lora.py's arguments`);
  const tensors = await countTensors(weightsPath, weights!.size).catch((error: unknown) => {
    throw notAnAdapter(path, `${ADAPTER_WEIGHTS} is not a safetensors file (${(error as Error).message})`);
  });
  return { path, config: config.data, tensors, bytes: weights!.size, writtenAt: weights!.mtime };
}

/** safetensors: an 8-byte little-endian header length, then a JSON header naming each tensor. */
async function countTensors(path: string, size: number): Promise<number> {
  const file = await open(path, 'r');
  try {
    const prefix = Buffer.alloc(8);
    await file.read(prefix, 0, 8, 0);
    const length = Number(prefix.readBigUInt64LE(0));
    if (size < 8 || length < 2 || length > size - 8 || length > 100 * 2 ** 20)
      throw new Error('its header length does not fit the file');
    const header = Buffer.alloc(length);
    await file.read(header, 0, length, 8);
    const parsed: unknown = JSON.parse(header.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('its header is not a JSON object');
    const tensors = Object.keys(parsed).filter((key) => key !== '__metadata__').length;
    if (tensors === 0) throw new Error('it holds no tensors');
    return tensors;
  } finally {
    await file.close();
  }
}

/** What the adapter's config says in one line, e.g. "lora · 16 layers · rank 8 · 600 iterations". */
export function describeAdapter(config: AdapterConfig): string {
  return [
    config.fine_tune_type,
    config.num_layers === undefined
      ? undefined
      : config.num_layers === -1
        ? 'all layers'
        : `${config.num_layers} layers`,
    config.lora_parameters?.rank === undefined ? undefined : `rank ${config.lora_parameters.rank}`,
    config.iters === undefined ? undefined : `${config.iters} iterations`,
  ]
    .filter(Boolean)
    .join(' · ');
}
