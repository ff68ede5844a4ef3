// How a long history is drawn: a screenful in the first render, then a batch per task until all are
// on screen (shared with the benchmark, which times the first render).
export const firstCards = 24;
export const cardsPerTask = 40;
