import os from 'node:os';
import path from 'node:path';

/**
 * The default data folder: $SCIM_DESK_DATA, else the platform's per-user data location
 * (Linux: $XDG_DATA_HOME/scim-desk or ~/.local/share/scim-desk; macOS: ~/Library/Application Support/scim-desk;
 * Windows: %APPDATA%\scim-desk).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SCIM_DESK_DATA) return path.resolve(env.SCIM_DESK_DATA);
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'scim-desk');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'scim-desk');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'scim-desk');
}

export function resolveDataDir(flag: string | undefined): string {
  return flag ? path.resolve(flag) : defaultDataDir();
}
