import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TMP } from '../support/env.js';
import { launchChromium, loginPage, startServer, type RunningServer } from '../support/server.js';

// What an office sees on its usual screens (1440 and 1280 px wide), in Chinese and in English
// (issue 19, smaller items): the side menu's labels are whole, the overview's chart legends stay on
// their line apart from each other and above the plot, and the case list fits without scrolling sideways.
const PASSWORD = 'desktop-fit-pass';
const SHOTS = path.join(TMP, 'shots-test');
const WIDTHS = [1440, 1280];
let srv: RunningServer;
let browser: Browser;

before(async () => {
  srv = await startServer({ demoCases: 200, password: PASSWORD });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

/** Logs in at a width; in English when asked (the language switch's choice, kept in the browser). */
async function open(username: string, width: number, lang: 'zh-CN' | 'en'): Promise<Page> {
  const page = await loginPage(browser, srv, username, { viewport: { width, height: 900 }, timeoutMs: 30_000 });
  if (lang === 'en') {
    await page.locator('.app-header .ant-segmented').getByText('EN', { exact: true }).click();
    await page.locator('.app-sider').getByText('Cases', { exact: true }).waitFor();
  }
  return page;
}

test('the side menu shows every label whole, in Chinese and English, at 1440 and 1280 px', async () => {
  for (const user of ['admin', 'city', 'supervisor']) {
    for (const width of WIDTHS) {
      for (const lang of ['zh-CN', 'en'] as const) {
        const page = await open(user, width, lang);
        const items = await page.locator('.app-sider .ant-menu-item').evaluateAll((els) =>
          els.map((li) => {
            const title = li.querySelector('.ant-menu-title-content') as unknown as { innerText: string; scrollWidth: number; clientWidth: number; scrollHeight: number };
            return {
              text: title.innerText.trim(),
              scroll: title.scrollWidth,
              client: title.clientWidth,
              height: title.scrollHeight,
              item: (li as unknown as { clientHeight: number }).clientHeight,
            };
          }),
        );
        assert.ok(items.length >= 3, `${user}: a menu`);
        for (const it of items) {
          assert.ok(it.scroll <= it.client, `${user} ${width} px ${lang}: “${it.text}” is cut (${it.scroll} px in ${it.client} px)`);
          assert.ok(it.height <= it.item, `${user} ${width} px ${lang}: “${it.text}” is taller than its item`);
        }
        if (user === 'admin' && lang === 'en') await page.screenshot({ path: path.join(SHOTS, `fit-menu-admin-en-${width}.png`) });
        await page.close();
      }
    }
  }
});

/** Where ECharts laid out each legend label of a chart, the width it measured for it and the width it is drawn at, and the plot's top. */
async function legendLayout(page: Page, testId: string) {
  const chart = page.getByTestId(testId);
  await chart.locator('canvas').waitFor();
  await page.waitForFunction((id) => {
    const c = ((globalThis as any).document.querySelector(`[data-testid="${id}"]`) as unknown as { echarts?: { getOption(): { series?: unknown[] } } }).echarts;
    return !!c?.getOption()?.series?.length;
  }, testId);
  return chart.evaluate((dom) => {
    type El = { style?: { text?: unknown; font?: string }; getBoundingRect(): { x: number; y: number; width: number; height: number }; getComputedTransform(): number[] | null };
    const c = (
      dom as unknown as {
        echarts: {
          getOption(): { series: { name: string }[] };
          getZr(): { storage: { getDisplayList(): El[] } };
          getModel(): { getComponent(t: string): { coordinateSystem: { getRect(): { x: number; y: number; width: number; height: number } } } };
        };
      }
    ).echarts;
    const names = c.getOption().series.map((s) => s.name);
    const ctx = (dom.querySelector('canvas') as any).getContext('2d');
    const labels = c
      .getZr()
      .storage.getDisplayList()
      .filter((el) => typeof el.style?.text === 'string' && names.includes(el.style.text))
      .map((el) => {
        const r = el.getBoundingRect();
        const m = el.getComputedTransform() ?? [1, 0, 0, 1, 0, 0];
        ctx.save();
        ctx.font = el.style!.font ?? '';
        const drawn = ctx.measureText(el.style!.text as string).width;
        ctx.restore();
        return { text: el.style!.text as string, x: r.x * m[0] + m[4], y: r.y * m[3] + m[5], width: r.width * m[0], height: r.height * m[3], drawn };
      })
      .sort((a, b) => a.x - b.x);
    // every text of the chart (axis labels, values, legend) inside the chart's own width
    const width = (dom as unknown as { clientWidth: number }).clientWidth;
    const outside = c
      .getZr()
      .storage.getDisplayList()
      .filter((el) => typeof el.style?.text === 'string' && el.style.text !== '')
      .map((el) => {
        const r = el.getBoundingRect();
        const m = el.getComputedTransform() ?? [1, 0, 0, 1, 0, 0];
        return { text: el.style!.text as string, left: r.x * m[0] + m[4], right: (r.x + r.width) * m[0] + m[4] };
      })
      .filter((t) => t.left < -0.5 || t.right > width + 0.5)
      .map((t) => `${t.text} ${t.left.toFixed(0)}…${t.right.toFixed(0)} of ${width}`);
    return { labels, outside, plotTop: c.getModel().getComponent('grid').coordinateSystem.getRect().y };
  });
}

test('the overview and cockpit charts: legends measured as drawn, apart, on one line above the plot; no text off the chart; at 1440 and 1280 px', async () => {
  for (const width of WIDTHS) {
    for (const lang of ['zh-CN', 'en'] as const) {
      const page = await open('city', width, lang);
      for (const where of ['/overview', '/cockpit']) {
        await page.goto(`${srv.base}${where}`);
        for (const id of ['chart-class', 'chart-status']) {
          const { outside } = await legendLayout(page, id);
          assert.deepEqual(outside, [], `${where} ${id} ${width} px ${lang}: text runs off the chart`);
        }
        for (const id of ['chart-open', 'chart-flow']) {
          const { labels, outside, plotTop } = await legendLayout(page, id);
          const at = `${where} ${id} ${width} px ${lang}`;
          assert.deepEqual(outside, [], `${at}: text runs off the chart`);
          assert.ok(labels.length >= 2, `${at}: its legend`);
          for (const l of labels) {
            // ECharts places each item by the width it measured: drawn wider, a label runs into the next item
            assert.ok(Math.abs(l.drawn - l.width) <= 1, `${at}: “${l.text}” measured ${l.width.toFixed(1)} px, drawn ${l.drawn.toFixed(1)} px`);
            assert.ok(Math.abs(l.y - labels[0].y) < 2, `${at}: “${l.text}” on a second legend line`);
            assert.ok(l.y + l.height <= plotTop, `${at}: “${l.text}” reaches into the plot (${l.y + l.height} > ${plotTop})`);
          }
          for (let i = 1; i < labels.length; i++) {
            // between two labels: the next item's symbol (18 px) and its gap (5 px)
            const room = labels[i].x - (labels[i - 1].x + labels[i - 1].drawn);
            assert.ok(room >= 20, `${at}: “${labels[i - 1].text}” runs into “${labels[i].text}” (${room.toFixed(1)} px between)`);
          }
        }
        await page.screenshot({ path: path.join(SHOTS, `fit-${where.slice(1)}-${lang}-${width}.png`) });
      }
      await page.close();
    }
  }
});

test('the case list fits a 1440 and a 1280 px window without a sideways scroll bar; a cut cell shows its whole text on hover', async () => {
  for (const width of WIDTHS) {
    for (const lang of ['zh-CN', 'en'] as const) {
      const page = await open('city', width, lang);
      await page.goto(`${srv.base}/cases`);
      await page.locator('.ant-table-row').first().waitFor();
      const body = page.locator('.ant-table-body, .ant-table-content').first();
      const { scroll, client } = await body.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      assert.ok(scroll <= client, `${width} px ${lang}: the table is ${scroll} px wide in ${client} px`);
      // the address (and the other cut columns) carry their text as a title
      const cell = page.locator('.ant-table-row').first().locator('td.ant-table-cell-ellipsis').first();
      assert.ok(((await cell.getAttribute('title')) ?? '').length > 0, 'a cut cell has its text as title');
      await page.screenshot({ path: path.join(SHOTS, `fit-cases-${lang}-${width}.png`) });
      await page.close();
    }
  }
});
