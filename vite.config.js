// Builds the explorer page (frontend/) into eventwire/serve/static/, which the wheel ships and
// `eventwire serve` mounts at `/`. Every library is bundled: the page asks nothing of any host
// but the one that serves it.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL("./frontend", import.meta.url)),
  base: "./",
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL("./eventwire/serve/static", import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
    sourcemap: false,
  },
});
