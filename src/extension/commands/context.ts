// What every command group receives: the services it adapts to the editor.
import type { Config } from '../config';
import type { DatabaseService } from '../database';
import type { Logger } from '../logging';
import type { Secrets } from '../secrets';
import type { Selection } from '../selection';

export interface CommandContext {
  config: Config;
  database: DatabaseService;
  selection: Selection;
  secrets: Secrets;
  log: Logger;
}
