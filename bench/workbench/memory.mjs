// Memory of the panel, from Linux's own accounting of our Chromium's renderer processes (the
// workbench, its extension-host worker and the webview all live in renderers; which process
// holds which depends on site isolation, so we sum them all). Before a panel opens, every
// renderer's peak (VmHWM) is reset to its current size (`echo 5 > /proc/PID/clear_refs`) and the
// sizes (VmRSS) are summed; afterwards the peaks are summed. Peak − baseline is what the panel
// cost at most: an upper bound, since the per-process peaks need not have been simultaneous.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const read = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // the process ended
  }
};

/**
 * Pids of the renderer processes of the Chromium that uses `userDataDir` (each renderer's command
 * line names it; Chromium rewrites its argv into one space-separated string, hence the padding).
 */
export function rendererPids(userDataDir) {
  const pids = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const line = ` ${read(`/proc/${name}/cmdline`).replaceAll('\0', ' ')} `;
    if (line.includes(' --type=renderer ') && line.includes(` --user-data-dir=${userDataDir} `)) pids.push(Number(name));
  }
  return pids;
}

function statusKb(pid, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(read(`/proc/${pid}/status`));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Resets the renderers' peaks and returns the sum of their sizes now, in bytes. */
export function resetPeaks(pids) {
  let rss = 0;
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      // the process ended, or the kernel refuses: its peak then counts from its start
    }
    rss += statusKb(pid, 'VmRSS');
  }
  return rss;
}

/** Sum of the renderers' peaks since the last reset, in bytes. */
export function sumPeaks(pids) {
  return pids.reduce((sum, pid) => sum + statusKb(pid, 'VmHWM'), 0);
}

/** Each renderer's size now (VmRSS), in bytes, by pid. */
export function sizesByPid(pids) {
  return new Map(pids.map((pid) => [pid, statusKb(pid, 'VmRSS')]));
}

/** Each renderer's peak since the last reset (VmHWM), in bytes, by pid. */
export function peaksByPid(pids) {
  return new Map(pids.map((pid) => [pid, statusKb(pid, 'VmHWM')]));
}
