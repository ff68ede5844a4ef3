// An adapter folder as mlx_lm.lora writes it: a real safetensors file (header + float32 bytes) and
// adapter_config.json with lora.py's arguments, sorted by key.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export function safetensors(tensors: Record<string, number[]>): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: 'mlx' } };
  let offset = 0;
  for (const [name, values] of Object.entries(tensors)) {
    header[name] = {
      dtype: 'F32',
      shape: [values.length],
      data_offsets: [offset, offset + values.length * 4],
    };
    offset += values.length * 4;
  }
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([prefix, json, Buffer.from(new Float32Array(Object.values(tensors).flat()).buffer)]);
}

export async function writeAdapterFolder(dir: string, config: Record<string, unknown> = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'adapters.safetensors'),
    safetensors({
      'model.layers.0.self_attn.q_proj.lora_a': [0.1, 0.2],
      'model.layers.0.self_attn.q_proj.lora_b': [0.3],
    }),
  );
  const full = {
    adapter_path: dir,
    batch_size: 4,
    data: '/tmp/export',
    fine_tune_type: 'lora',
    iters: 600,
    learning_rate: 1e-5,
    lora_parameters: { dropout: 0, rank: 8, scale: 20 },
    model: 'qwen2.5:14b',
    num_layers: 16,
    ...config,
  };
  await writeFile(
    join(dir, 'adapter_config.json'),
    JSON.stringify(Object.fromEntries(Object.entries(full).sort())),
  );
  return dir;
}
