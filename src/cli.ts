// The headless entry: `llamune-poc <command>`.
import { runCli } from './cli/program';

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
