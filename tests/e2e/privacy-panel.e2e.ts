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
    expect(fresh.privacyRequests).toMatch(/^0, all of them model downloads/);
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
    expect(after.privacyRequests).toMatch(/^[1-9]\d*, all of them model downloads/);
  });
});
