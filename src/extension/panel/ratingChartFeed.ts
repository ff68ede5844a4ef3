// Keeps the panel's "ratings per version" chart current: answers the webview's requestRatingChart for
// the PoC it shows, and sends the chart of that PoC again whenever logs change (a rating saved in the
// panel or the Logs tree, a new answer recorded, the database reopened). One read at a time: changes
// that arrive during a read lead to one more read, never to a queue of them.
import type { Kysely } from 'kysely';
import type * as vscode from 'vscode';
import type { Database } from '../../core/db/schema';
import type { RatingChart } from '../../core/domain/ratingChart';
import type { HostMessage } from '../../protocol/messages';
import { loadCore } from '../core';
import type { DatabaseService } from '../database';
import type { Logger } from '../logging';

export interface RatingChartFeedContext {
  database: Pick<DatabaseService, 'onDidChangeData' | 'onDidReopen' | 'db'>;
  log: Pick<Logger, 'warn'>;
}
type ChartOf = (db: Kysely<Database>, pocId: number) => Promise<RatingChart>;

export class RatingChartFeed implements vscode.Disposable {
  /** The PoC whose chart the panel last asked for; undefined until it asks (or after it closed). */
  private pocId: number | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly ctx: RatingChartFeedContext,
    private readonly post: (message: Extract<HostMessage, { type: 'ratingChart' }>) => void,
    // The core's query, loaded on first use (tests pass it in directly).
    private readonly chartOf: ChartOf = (db, pocId) => loadCore().ratingChart(db, pocId),
  ) {
    this.subscriptions = [
      ctx.database.onDidChangeData((kind) => kind === 'logs' && this.refresh()),
      ctx.database.onDidReopen(() => this.refresh()),
    ];
  }

  /** The webview shows this PoC: send its chart now and after every change. */
  request(pocId: number): Promise<void> {
    this.pocId = pocId;
    return this.refresh();
  }

  /** The panel closed: nothing to keep current. */
  forget(): void {
    this.pocId = undefined;
  }

  private refresh(): Promise<void> {
    if (this.pocId === undefined) return Promise.resolve();
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.read().finally(() => {
      this.reading = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.reading;
  }

  private async read(): Promise<void> {
    const pocId = this.pocId;
    if (pocId === undefined) return;
    try {
      const chart = await this.chartOf(await this.ctx.database.db(), pocId);
      // The panel moved to another PoC meanwhile: the read that follows sends that one.
      if (this.pocId === pocId) this.post({ type: 'ratingChart', chart });
      else this.again = true;
    } catch (error) {
      // The chart is a view of data saved elsewhere: a failed read leaves the last one shown.
      this.ctx.log.warn(`Rating chart: ${(error as Error).message}`);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
