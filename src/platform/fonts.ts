import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

/**
 * The CJK font the product ships: npm `@embedpdf/fonts-sc` (installed by `npm ci`), Google and Adobe's
 * Noto Sans CJK SC as OpenType/CFF files under the SIL Open Font License 1.1, family "Noto Sans S Chinese"
 * (regular and bold are used; all of GB2312's and GBK's hanzi). The watermark, the dossier's map label and
 * the PDFs use it whatever fonts the machine has, so a server without Chinese fonts cannot burn boxes
 * ("tofu") into the evidence copies.
 */
const fontDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');

export const SHIPPED_FONT: { dir: string; family: string; regular: FontFace; bold: FontFace } = {
  dir: fontDir,
  family: 'Noto Sans S Chinese',
  regular: { file: path.join(fontDir, 'NotoSansHans-Regular.otf') },
  bold: { file: path.join(fontDir, 'NotoSansHans-Bold.otf') },
};

/** One face of a font file: a .ttc holds several, its PostScript name picks one (pdfkit takes a name given for a single font as a variation). */
export interface FontFace {
  file: string;
  postscriptName?: string;
}

/** The faces a PDF uses: the text (宋体-like where the fonts have a serif), the titles, the small print. */
export interface CjkFonts {
  serif: FontFace;
  bold: FontFace;
  sans: FontFace;
  /** Where they came from: the shipped package, or the PDF_FONT_DIR override. */
  source: 'shipped' | 'override';
}

/**
 * The fonts of generated papers, dossiers and reports. `overrideDir` (PDF_FONT_DIR) holding Debian's
 * fonts-noto-cjk files (Noto Serif CJK for the text and titles, Noto Sans CJK) wins; otherwise, and for
 * an override that lacks any of them, the shipped font (its regular face for the text, its bold for the
 * titles). Null only when the shipped files are gone too (a broken install).
 */
export function cjkFonts(overrideDir?: string): CjkFonts | null {
  if (overrideDir) {
    const serif = path.join(overrideDir, 'NotoSerifCJK-Regular.ttc');
    const bold = path.join(overrideDir, 'NotoSerifCJK-Bold.ttc');
    const sans = path.join(overrideDir, 'NotoSansCJK-Regular.ttc');
    if ([serif, bold, sans].every((f) => fs.existsSync(f)))
      return {
        serif: { file: serif, postscriptName: 'NotoSerifCJKsc-Regular' },
        bold: { file: bold, postscriptName: 'NotoSerifCJKsc-Bold' },
        sans: { file: sans, postscriptName: 'NotoSansCJKsc-Regular' },
        source: 'override',
      };
  }
  if (!fs.existsSync(SHIPPED_FONT.regular.file) || !fs.existsSync(SHIPPED_FONT.bold.file)) return null;
  return { serif: SHIPPED_FONT.regular, bold: SHIPPED_FONT.bold, sans: SHIPPED_FONT.regular, source: 'shipped' };
}

const xml = (t: string) => t.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

let fontconfigFile: string | null = null;

/**
 * Points fontconfig, which finds the fonts of sharp's text (Pango) and SVG (librsvg) rendering, at a
 * configuration of the shipped font alone: the system's fonts and its fonts.conf are not read, so a
 * watermark looks the same on every server, and a machine without any fontconfig setup does not fail
 * ("Cannot load default config file"). fontconfig reads FONTCONFIG_FILE once, at its first use in the
 * process, and it is one for all threads: this runs when the modules that render text are loaded, on the
 * main thread, before the photo worker thread starts (in that thread, process.env is only a copy). The
 * file is written to the temporary directory (its text names where node_modules is), with the font
 * cache beside it. Returns the file's path.
 */
export function setUpShippedFontconfig(): string {
  if (fontconfigFile) return fontconfigFile;
  const dir = path.join(os.tmpdir(), `wuweijian-fontconfig-${process.getuid?.() ?? 'user'}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // one file per checkout (the font's path is in it): two installs on one machine do not overwrite each other's
  const file = path.join(dir, `fonts-${createHash('sha256').update(SHIPPED_FONT.dir).digest('hex').slice(0, 12)}.conf`);
  const text = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- written by Wuweijian (src/platform/fonts.ts): the shipped CJK font only -->
<fontconfig>
  <dir>${xml(SHIPPED_FONT.dir)}</dir>
  <cachedir>${xml(path.join(dir, 'cache'))}</cachedir>
</fontconfig>
`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  if (current !== text) {
    // several processes may start at once: each writes its own file and renames it into place
    const tmp = `${file}.${process.pid}.${Date.now()}`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  }
  process.env.FONTCONFIG_FILE = file;
  fontconfigFile = file;
  return file;
}
