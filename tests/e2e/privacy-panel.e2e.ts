/** The options page's Privacy section lists what Hearth keeps on this device and how many requests it has made. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { launchHearth, type HearthBrowser } from "./harness";
import { loadRealModel, serveTinyModel } from "./tiny-model";

let hearth: HearthBrowser;
let fixtures: FixtureServer;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  hearth = await launchHearth();
});
afterAll(async () => {
  await hearth?.close();
  await fixtures?.close();
});

describe("privacy panel", () => {
  it("shows nothing stored and no requests on a fresh install, then the model and its download once there is one", async () => {
    const page = await hearth.openExtensionPage("options/index.html", "#privacy-stored dd[data-privacy='privacyRequests']");
    const shown = () =>
      page.$$eval("#privacy-stored dd", (items) => Object.fromEntries(items.map((dd) => [(dd as HTMLElement).dataset.privacy, dd.textContent])));
    const fresh = await shown();
    expect(fresh.privacyModels).toBe("0 installed, 0 bytes");
    expect(fresh.privacyChats).toBe("0 conversations, 0 bytes");
    expect(fresh.privacyRequests).toBe("0: 0 for model downloads you agreed to (see the log under AI models), 0 to read a PDF open in a tab you asked about");
    expect(fresh.privacyLocalServer).toMatch(/^0 \(only if you turned on the local server/);
    expect(fresh.privacyTranslations).toBe("kept in memory only, gone when Firefox closes");

    const { bytes } = serveTinyModel(fixtures);
    await loadRealModel(page, fixtures.url("/models/tiny.gguf"), "cpu");
    await page.click("#privacy-refresh");
    await page.waitForFunction(
      () => !document.querySelector("#privacy-stored dd[data-privacy='privacyModels']")?.textContent?.startsWith("0 "),
      { timeout: 10_000 },
    );
    const after = await shown();
    expect(after.privacyModels).toMatch(/^1 installed, \d+(\.\d+)? kB$/);
    expect(bytes.length).toBeGreaterThan(100_000);
    // The download's requests, counted where Hearth makes them (src/shared/platform/egress.ts), and nothing else.
    const [, total, downloads, pdfs] = /^(\d+): (\d+) for model downloads.*, (\d+) to read a PDF/.exec(after.privacyRequests ?? "") ?? [];
    expect(Number(downloads)).toBeGreaterThan(0);
    expect(Number(total)).toBe(Number(downloads));
    expect(pdfs).toBe("0");
  });
});
