// The view's language (labels and number formats), available to every component.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { type TrainingLabels, trainingLabels } from '../../../src/protocol/trainingLabels';
import { type Formatter, formatterFor } from '../format';

export interface TrainingLanguage {
  t: TrainingLabels;
  format: Formatter;
}

export const LanguageContext = createContext<TrainingLanguage>({
  t: trainingLabels.en,
  format: formatterFor('en', trainingLabels.en),
});
export const useLanguage = () => useContext(LanguageContext);
