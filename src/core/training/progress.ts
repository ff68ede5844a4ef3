// Reading mlx_lm.lora's progress from its output, one line at a time, in both of its formats: the
// classic `Iter 10: Train loss 2.345, …` lines (releases before June 2026) and the rich table of
// mlx_lm/cli_ui.py's TrainUI (`    10    2.345 ▼      150      3.0k`), which carries ANSI colours even
// when piped. Anything else (startup lines, warnings, the table's header, the progress bar) is not a
// report. A loss that is not a finite number (`nan` when training diverges) is not reported either:
// reports cross into a webview as JSON, where NaN turns into null.
import type { TrainingReport } from './events';

// CSI sequences (colours, cursor moves), OSC sequences (titles, links) and two-character escapes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: escape codes are what this removes.
const escapeSequence = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;

/**
 * A line as a person reads it: without ANSI escape codes, and when a progress display redrew it with
 * carriage returns, only its last state.
 */
export function plainText(line: string): string {
  const text = line.replace(escapeSequence, '');
  if (!text.includes('\r')) return text;
  const states = text.split('\r').filter((state) => state.trim() !== '');
  return states.at(-1) ?? '';
}

const numberPattern = String.raw`[-+]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?`;

/** A number as Python printed it (`1,234`, `1.000e-05`); undefined unless finite. */
function toNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replaceAll(',', ''));
  return Number.isFinite(value) ? value : undefined;
}

function toIteration(text: string | undefined): number | undefined {
  const value = toNumber(text);
  return value !== undefined && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** `3.0k` = 3000, `1.2M` = 1,200,000, `950` = 950. */
function toCount(text: string, suffix: string | undefined): number | undefined {
  const value = toNumber(text);
  if (value === undefined) return undefined;
  const scale = suffix === 'k' || suffix === 'K' ? 1_000 : suffix === 'M' ? 1_000_000 : 1;
  return Math.round(value * scale);
}

/** The value after `label` in a classic line (`Tokens/sec 150.234`), when it is there. */
function field(text: string, label: string): number | undefined {
  const match = new RegExp(`${label}\\s*:?\\s*(${numberPattern})`, 'i').exec(text);
  return toNumber(match?.[1]);
}

/** The report without the fields its line did not have (JSON and toEqual both prefer them absent). */
function withoutUndefined(report: TrainingReport): TrainingReport {
  return Object.fromEntries(
    Object.entries(report).filter(([, value]) => value !== undefined),
  ) as TrainingReport;
}

const classicIteration = /^Iter\s+(\d[\d,]*)\s*:\s*(.*)$/i;
const classicTrain = new RegExp(String.raw`^Train\s+loss\s*:?\s*(${numberPattern})`, 'i');
const classicVal = new RegExp(String.raw`^Val\s+loss\s*:?\s*(${numberPattern})`, 'i');
const classicSaved = /^Saved\s+adapter\s+weights\s+to\s+(.+?)\.?$/i;
const classicFinal = /^Saved\s+final\s+weights\s+to\s+(.+?)\.?$/i;
const checkpointName = /(?:^|[\\/])(\d+)_adapters\.safetensors$/;

function parseClassic(text: string): TrainingReport | undefined {
  const final = classicFinal.exec(text);
  if (final) return { kind: 'saved', path: final[1]!.trim() };
  const iterationLine = classicIteration.exec(text);
  if (!iterationLine) return undefined;
  const iteration = toIteration(iterationLine[1]);
  const rest = iterationLine[2]!.trim();
  if (iteration === undefined) return undefined;
  const train = classicTrain.exec(rest);
  if (train) {
    const loss = toNumber(train[1]);
    if (loss === undefined) return undefined;
    const trainedTokens = field(rest, String.raw`Trained\s+Tokens`);
    return withoutUndefined({
      kind: 'train',
      iteration,
      loss,
      learningRate: field(rest, String.raw`Learning\s+Rate`),
      iterationsPerSecond: field(rest, 'It/sec'),
      tokensPerSecond: field(rest, 'Tokens/sec'),
      trainedTokens: trainedTokens === undefined ? undefined : Math.round(trainedTokens),
      peakMemoryGb: field(rest, String.raw`Peak\s+mem`),
    });
  }
  const val = classicVal.exec(rest);
  if (val) {
    const loss = toNumber(val[1]);
    if (loss === undefined) return undefined;
    return withoutUndefined({ kind: 'val', iteration, loss, seconds: field(rest, String.raw`Val\s+took`) });
  }
  const saved = classicSaved.exec(rest);
  if (saved) {
    // `… to adapters/adapters.safetensors and adapters/0000100_adapters.safetensors.`: the checkpoint
    // names this iteration's weights; older releases wrote only the first path.
    const paths = saved[1]!;
    const pair = /^(.*adapters\.safetensors)\s+and\s+(\S.*\d_adapters\.safetensors)$/i.exec(paths);
    return { kind: 'saved', iteration, path: (pair?.[2] ?? paths).trim() };
  }
  return undefined;
}

const tableTrain = new RegExp(
  String.raw`^(\d[\d,]*)\s+(${numberPattern})\s*[▼▲↓↑]?\s+(${numberPattern})\s+(${numberPattern})\s*([kKM])?$`,
);
const tableVal = new RegExp(
  String.raw`^(\d[\d,]*)\s+val\s*:?\s*(${numberPattern})(?:\s+(${numberPattern})\s*s)?$`,
  'i',
);
const tableSave = /^save\s+(\S.*\.safetensors)$/i;

function parseTable(text: string): TrainingReport | undefined {
  const save = tableSave.exec(text);
  if (save) {
    const path = save[1]!.trim();
    const iteration = toIteration(checkpointName.exec(path)?.[1]);
    return iteration === undefined ? { kind: 'saved', path } : { kind: 'saved', iteration, path };
  }
  const val = tableVal.exec(text);
  if (val) {
    const iteration = toIteration(val[1]);
    const loss = toNumber(val[2]);
    if (iteration === undefined || loss === undefined) return undefined;
    return withoutUndefined({ kind: 'val', iteration, loss, seconds: toNumber(val[3]) });
  }
  const train = tableTrain.exec(text);
  if (train) {
    const iteration = toIteration(train[1]);
    const loss = toNumber(train[2]);
    const tokensPerSecond = toNumber(train[3]);
    const trainedTokens = toCount(train[4]!, train[5]);
    if (iteration === undefined || loss === undefined) return undefined;
    return withoutUndefined({ kind: 'train', iteration, loss, tokensPerSecond, trainedTokens });
  }
  return undefined;
}

/** The report one output line carries, or undefined for every other line. */
export function parseTrainingLine(line: string): TrainingReport | undefined {
  const text = plainText(line).trim();
  if (text === '') return undefined;
  return parseClassic(text) ?? parseTable(text);
}
