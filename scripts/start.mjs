// `npm start`: launch Firefox with the freshly built add-on (web-ext run). Headless when there is no display, so it
// also works on a server; with a display you get a normal window with Hearth installed.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

const firefox = process.env.HEARTH_FIREFOX ?? (existsSync("/usr/bin/firefox-esr") ? "/usr/bin/firefox-esr" : "firefox");
const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const args = ["web-ext", "run", "--source-dir", "dist/firefox", "--firefox", firefox, "--no-reload", "--start-url", "about:addons"];
// Keep Firefox itself quiet too: Hearth's promise is no traffic, and a development profile should not phone home.
for (const pref of [
  "app.update.disabledForTesting=true",
  "toolkit.telemetry.enabled=false",
  "datareporting.policy.dataSubmissionEnabled=false",
  "app.normandy.enabled=false",
]) {
  args.push("--pref", pref);
}
if (headless) console.log("No display found: starting Firefox headless. Set DISPLAY to see its window.");
const child = spawn("npx", args, {
  stdio: "inherit",
  env: { ...process.env, ...(headless ? { MOZ_HEADLESS: "1" } : {}), MOZ_REMOTE_SETTINGS_DEVTOOLS: "1" },
});
child.on("exit", (code) => process.exit(code ?? 0));
