// The run at the top of the view: its title and the settings it was started with.
import type { TrainingSettingsView } from '../../../src/protocol/training';
import { useLanguage } from './labelsContext';

export function RunHeader({ title, settings }: { title: string; settings: TrainingSettingsView }) {
  const { t, format } = useLanguage();
  const rows: [string, string][] = [
    [t.model, settings.model],
    [t.data, settings.data],
    [t.iterations, format.count(settings.iters)],
    [t.batchSize, format.count(settings.batchSize)],
    [t.learningRate, format.learningRate(settings.learningRate)],
    [t.layers, settings.numLayers === -1 ? t.allLayers : format.count(settings.numLayers)],
    [t.output, settings.adapterPath],
  ];
  if (settings.resumeAdapterFile) rows.push([t.resumeFrom, settings.resumeAdapterFile]);
  if (settings.extraArgs.length > 0) rows.push([t.extraArgs, settings.extraArgs.join(' ')]);
  return (
    <header class="run-header">
      <h1>{title}</h1>
      <dl class="settings">
        {rows.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </header>
  );
}
