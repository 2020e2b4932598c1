import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.js';
import type { BlobStore } from '../../platform/blobs.js';
import type { Clock } from '../../platform/clock.js';
import { inJurisdiction, isMasked, maskPhone, type Actor } from '../../platform/auth.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import type { Upload } from '../../platform/upload.js';
import type { AuditService } from '../audit/audit.service.js';
import { cjkFonts } from '../documents/document.pdf.js';
import type { GoalsService } from '../goals/goals.service.js';
import { renderLetterSummary } from './letter.pdf.js';
import { chinaYear, presentLetter, targetsOf } from './letters.presenter.js';
import type { LetterRow, LettersRepo } from './letters.repo.js';
import type { LetterTargets } from './letters.progress.js';

type Person = { name: string; post: string; phone: string | null };
export interface LetterInput {
  townCode: string;
  year: number;
  title?: string;
  signedOn?: string | null;
  people: Person[];
  targets: LetterTargets;
  note?: string | null;
}
export type LetterPatchInput = Partial<Omit<LetterInput, 'townCode' | 'year'>> & { version: number };

/** The signed letter's type from its first bytes (never the name): a PDF or a photo. */
export const LETTER_FILE_TYPES = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' } as const;
export function sniffLetterFile(head: Buffer): keyof typeof LETTER_FILE_TYPES | null {
  if (head.length >= 5 && head.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  if (head.length > 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length > 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

const targetColumns = (t: LetterTargets) => ({
  target_stock_count: t.stockCount,
  target_stock_area: t.stockArea,
  target_farmland_zero: t.farmlandZero,
  target_safety_rate: t.safetyRate,
  target_campaign_rate: t.campaignRate,
});
/** What the audit keeps of the people: phones masked (personal data stays out of the trail). */
const auditPeople = (ps: Person[]) => ps.map((p) => ({ ...p, phone: maskPhone(p.phone) }));

/**
 * Responsibility letters (责任书): the city office keeps one per town per year with the signed letter, the
 * responsible people and the targets; town officers read their own town's. Progress against each target
 * comes from the registry as of now (letters.progress.ts). Every write is audited.
 */
export function lettersService(deps: { db: Database; clock: Clock; repo: LettersRepo; blobs: BlobStore; audit: AuditService; goals: GoalsService; fontDir: string }) {
  const { db, clock, repo, blobs, audit } = deps;

  async function readable(actor: Actor, id: string): Promise<LetterRow> {
    const r = await repo.byId(id);
    if (!r || !inJurisdiction(actor, r.town_path)) throw notFound('责任书', 'letter.not_found');
    return r;
  }
  async function present(actor: Actor, rows: LetterRow[]) {
    const now = clock.now();
    const facts = new Map<number, Awaited<ReturnType<LettersRepo['facts']>>>();
    for (const year of new Set(rows.map((r) => r.year))) {
      const { start, end } = chinaYear(year);
      facts.set(year, await repo.facts(actor.divisionPath, start, end));
    }
    const from = rows.length ? await repo.registryFrom() : null;
    return rows.map((r) => presentLetter(r, facts.get(r.year)?.get(r.town_code), now, from));
  }
  async function detail(actor: Actor, id: string) {
    const r = await readable(actor, id);
    const [letter] = await present(actor, [r]);
    const goals = (await deps.goals.goals(actor, r.town_code)).total;
    return { ...letter, goals };
  }
  /** A masked phone sent back keeps the stored number of the same person (by name, else by position). */
  function keepPhones(next: Person[], prev: Person[]): Person[] {
    return next.map((p, i) => {
      if (!isMasked(p.phone)) return { ...p, phone: p.phone?.trim() || null };
      const same = prev.find((q) => q.name === p.name) ?? prev[i];
      return { ...p, phone: same?.phone ?? null };
    });
  }

  return {
    async list(actor: Actor, q: { year?: number; town?: string }) {
      const rows = await repo.list(actor.divisionPath, q);
      const items = await present(actor, rows);
      return { items, total: items.length };
    },
    detail,

    async create(actor: Actor, input: LetterInput) {
      return detail(actor, await this.createLetter(actor, input));
    },

    /** Writes a new letter (audited) and returns its id; `create` answers with the letter. */
    async createLetter(actor: Actor, input: LetterInput): Promise<string> {
      const town = await repo.town(input.townCode);
      if (town?.level !== 'town') throw badRequest('letter.invalid_town', `“${input.townCode}”不是镇(街道)`, { field: 'townCode' });
      if (!inJurisdiction(actor, town.path)) throw notFound('该镇(街道)', 'letter.town_not_found');
      const id = randomUUID();
      const exists = () => conflict('letter.exists', `${town.short_name ?? town.name}${input.year}年的责任书已存在`, { field: 'year' });
      await db
        .transaction(async () => {
          if (await repo.byTownYear(input.townCode, input.year)) throw exists();
          const now = clock.now();
          const people = keepPhones(input.people, []);
          await repo.insert({
            id,
            town_code: input.townCode,
            year: input.year,
            title: input.title ?? `${input.year}年度违法建筑安全治理责任书`,
            signed_on: input.signedOn ?? null,
            people: JSON.stringify(people),
            ...targetColumns(input.targets),
            note: input.note ?? null,
            created_by: actor.id,
            created_at: now,
            updated_at: now,
          });
          await audit.append(actor, {
            action: 'letter.create',
            entity: 'responsibility_letter',
            entityId: id,
            after: { townCode: input.townCode, year: input.year, people: auditPeople(people), targets: input.targets, signedOn: input.signedOn ?? null },
          });
        })
        .catch((e: { code?: string }) => {
          // two creates at once: the second meets the unique (town, year) key
          throw e?.code === '23505' ? exists() : e;
        });
      return id;
    },

    async update(actor: Actor, id: string, p: LetterPatchInput) {
      await db.transaction(async () => {
        const r = await readable(actor, id);
        const people = p.people ? keepPhones(p.people, r.people) : undefined;
        const n = await repo.update(id, p.version, {
          ...(p.title !== undefined ? { title: p.title } : {}),
          ...(p.signedOn !== undefined ? { signed_on: p.signedOn } : {}),
          ...(people ? { people: JSON.stringify(people) } : {}),
          ...(p.targets ? targetColumns(p.targets) : {}),
          ...(p.note !== undefined ? { note: p.note } : {}),
          updated_at: clock.now(),
        });
        if (!n) throw conflict('letter.version_conflict', '责任书已被他人修改,请刷新后再试', { version: r.version });
        await audit.append(actor, {
          action: 'letter.update',
          entity: 'responsibility_letter',
          entityId: id,
          before: { title: r.title, signedOn: r.signed_on, people: auditPeople(r.people), targets: targetsOf(r), note: r.note },
          after: { title: p.title, signedOn: p.signedOn, people: people && auditPeople(people), targets: p.targets, note: p.note },
        });
      });
      return detail(actor, id);
    },

    async uploadFile(actor: Actor, id: string, file: Upload, name: string | undefined, version: number | undefined) {
      await this.storeFile(actor, id, file, name, version);
      return detail(actor, id);
    },

    /** Keeps the signed letter (PDF, JPEG or PNG, checked by its bytes) in the blob store under its SHA-256 (audited). */
    async storeFile(actor: Actor, id: string, file: Upload, name: string | undefined, version: number | undefined): Promise<void> {
      if (file.length === 0) throw badRequest('letter.file_empty', '文件为空', { field: 'file' });
      const mime = sniffLetterFile(file.head(16));
      if (!mime) throw new AppError('letter.file_type', 415, '签署的责任书只接受 PDF、JPEG 或 PNG 文件');
      const key = `letters/${file.sha256.slice(0, 2)}/${file.sha256}.${LETTER_FILE_TYPES[mime]}`;
      const r = await readable(actor, id);
      // the bytes before the row: a row never names a file that is not there
      await blobs.put(key, file.chunks);
      await db.transaction(async () => {
        const n = await repo.update(id, version ?? r.version, {
          file_key: key,
          file_mime: mime,
          file_name: (name ?? `责任书.${LETTER_FILE_TYPES[mime]}`).slice(0, 120),
          file_bytes: file.length,
          file_sha256: file.sha256,
          updated_at: clock.now(),
        });
        if (!n) throw conflict('letter.version_conflict', '责任书已被他人修改,请刷新后再试', { version: r.version });
        await audit.append(actor, {
          action: 'letter.upload_signed',
          entity: 'responsibility_letter',
          entityId: id,
          before: r.file_sha256 ? { sha256: r.file_sha256, name: r.file_name } : null,
          after: { sha256: file.sha256, name, mime, bytes: file.length },
        });
      });
    },

    async openFile(actor: Actor, id: string) {
      const r = await readable(actor, id);
      if (!r.file_key) throw notFound('签署的责任书文件', 'letter.file_not_found');
      await audit.append(actor, { action: 'letter.file_download', entity: 'responsibility_letter', entityId: id, after: { name: r.file_name, sha256: r.file_sha256 } });
      return { stream: blobs.stream(r.file_key), mime: r.file_mime!, name: r.file_name ?? 'letter', sha256: r.file_sha256! };
    },

    /** The year-end summary (年终总结) as an A4 PDF: targets against the registry, and the two goals now. */
    async summaryPdf(actor: Actor, id: string) {
      const d = await detail(actor, id);
      const fonts = cjkFonts(deps.fontDir);
      if (!fonts) throw new AppError('report.no_font', 500, '服务器缺少中文字体');
      const buffer = await renderLetterSummary(fonts, d, clock.now());
      await audit.append(actor, { action: 'letter.summary_export', entity: 'responsibility_letter', entityId: id, after: { format: 'pdf', town: d.townName, year: d.year } });
      return { filename: `${d.townName}${d.year}年度责任书年终总结.pdf`, buffer };
    },
  };
}
export type LettersService = ReturnType<typeof lettersService>;
export type LetterDetailView = Awaited<ReturnType<LettersService['detail']>>;
