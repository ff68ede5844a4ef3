// The labels of the panel's language, available to every component.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { type Labels, labels } from '../../../src/protocol/labels';

export const LabelsContext = createContext<Labels>(labels.en);
export const useLabels = () => useContext(LabelsContext);
