// `npm run build:wasm` entry: regenerate (or `--check`) src/core/kernels/wasm/module.generated.ts and src/io/literal/numbers.generated.ts.
import { main } from './build.js';

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
