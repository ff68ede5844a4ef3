// Installs Debian packages only when they are missing, so that a second run never touches apt
// (and works offline).
import { execFileSync } from 'node:child_process';

/** @param {string} name */
function isInstalled(name) {
  try {
    const status = execFileSync('dpkg-query', ['-W', `-f=\${Status}`, name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return status.trim() === 'install ok installed';
  } catch {
    return false;
  }
}

/**
 * @param {string[]} names
 * @param {(line: string) => void} [log]
 * @returns {string[]} the packages that had to be installed
 */
export function ensureDebianPackages(names, log = console.error) {
  const missing = names.filter((name) => !isInstalled(name));
  if (missing.length === 0) return [];
  log(`Installing Debian packages: ${missing.join(' ')}`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt run on a shared machine holds the lock for a while: wait for it rather than fail.
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  const apt = (...args) => {
    const [command, ...rest] = [...sudo, 'apt-get', ...lock, ...args];
    execFileSync(command, rest, { stdio: ['ignore', 'inherit', 'inherit'], env });
  };
  apt('update');
  apt('install', '-y', '--no-install-recommends', ...missing);
  return missing;
}
