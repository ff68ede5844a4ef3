// The labels of the view's language, available to every component.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { type ReviewLabels, type ReviewLocale, reviewLabels } from '../../../src/protocol/reviewLabels';

export const ReviewLanguage = createContext<{ t: ReviewLabels; locale: ReviewLocale }>({
  t: reviewLabels.en,
  locale: 'en',
});
export const useReviewLanguage = () => useContext(ReviewLanguage);
