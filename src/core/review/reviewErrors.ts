// The review rules' errors that more than one module raises.
import { DomainError } from '../errors';

/** A log not assigned to the caller is reported as missing, as another user's log is everywhere. */
export const notAssigned = (logId: number) =>
  new DomainError('not_found', `Log ${logId} is not assigned to you for review.`, 'review_not_assigned');

export const alreadySettled = (logId: number) =>
  new DomainError(
    'conflict',
    `Log ${logId} has already been settled; its review is closed.`,
    'review_settled',
  );
