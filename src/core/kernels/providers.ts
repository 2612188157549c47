import type { KernelJob, KernelProvider } from './dispatch.js';

/*
 * The registry behind dispatch.ts's registerKernelProvider, in a module of its own so a backend
 * can register itself when dispatch.ts imports it (no import cycle).
 */

const providers: KernelProvider[] = [];

/** Adds a provider tried before the JS kernels (latest first); returns its removal. */
export function registerKernelProvider(provider: KernelProvider): () => void {
  providers.unshift(provider);
  return () => {
    const i = providers.indexOf(provider);
    if (i >= 0) providers.splice(i, 1);
  };
}

/** Offers the job to each provider in turn; true when one ran it. */
export function runByProvider(job: KernelJob): boolean {
  for (const provider of providers) if (provider.run(job)) return true;
  return false;
}
