import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { Database } from '../../db/database.js';
import type { DocumentsRepo } from './documents.repo.js';
import type { Clock } from '../../platform/clock.js';
import type { BlobStore } from '../../platform/blobs.js';
import type { Actor } from '../../platform/auth.js';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasesService } from '../cases/cases.service.js';
import type { CasesRepo } from '../cases/cases.repo.js';
import { chinaDay } from '../settings/work.calendar.js';
import { CATEGORY_LABELS, SOURCE_LABELS, STATUS_LABELS, type CaseStatus } from '../cases/cases.enums.js';
import { ACTION_LABELS, type CaseAction } from '../cases/case.workflow.js';
import { cjkFonts, renderDossier, renderPaper, type PaperContent } from './document.pdf.js';
import { presentDocument } from './documents.presenter.js';
import { paperMissing } from '../../../shared/case-file.js';
import { ALL_CATEGORY_LABELS, ALL_DISPOSAL_LABELS, KINDS, statusLabel } from '../../../shared/item-kinds.js';

export type DocumentKind = 'demolition_order' | 'reminder' | 'delivery_receipt';
export const DOCUMENT_LABELS: Record<DocumentKind, string> = { demolition_order: '责令限期拆除通知书', reminder: '催告书', delivery_receipt: '送达回证' };
const NUMBER_MARK: Record<DocumentKind, string> = { demolition_order: '拆违', reminder: '拆违催', delivery_receipt: '拆违送' };
const ISSUERS = new Set(['town_officer', 'city_office']);

const zhDate = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};
const chinaDateTime = (t: Date | string) => new Date(new Date(t).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export function documentsService(deps: {
  db: Database;
  repo: DocumentsRepo;
  clock: Clock;
  blobs: BlobStore;
  cases: CasesService;
  casesRepo: CasesRepo;
  audit: AuditService;
  fontDir: string;
}) {
  const { db, repo, clock, blobs, cases, casesRepo, audit } = deps;
  const fonts = () => {
    const f = cjkFonts(deps.fontDir);
    if (!f) throw new AppError('documents.font_missing', 503, '随产品安装的中文字体缺失,无法生成文书;请重新执行 npm ci');
    return f;
  };

  const present = presentDocument;

  return {
    /**
     * Issues a paper on a case with the next number of its town's sequence. Its content is fixed now
     * (the PDF renders the same paper whenever it is fetched).
     */
    async issue(actor: Actor, caseId: string, input: { kind: DocumentKind; deadline?: string; refersTo?: string }) {
      if (!ISSUERS.has(actor.role)) throw forbidden('document.forbidden', '只有镇街专员或市三改一拆办可以制发执法文书');
      fonts();
      return db.transaction(async () => {
        const c = await cases.load(actor, caseId);
        // a paper with a blank 当事人 or place is no paper: say every field it still needs
        const missing = paperMissing(input.kind, {
          ownerKind: c.owner_kind,
          ownerName: c.owner_name,
          enterpriseName: c.enterprise_name,
          addressText: c.address_text,
          areaM2: c.area_m2 === null ? null : Number(c.area_m2),
        });
        if (missing.length)
          throw new AppError('document.fields_missing', 422, `制发${DOCUMENT_LABELS[input.kind]}前须补全案卷:${missing.map((m) => m.label).join('、')}`, {
            missing,
            kind: input.kind,
          });
        const now = clock.now();
        const today = chinaDay(now);
        const town = await repo.names(c.town_code);
        const issuer = `平湖市${town.name}人民政府`;
        const party = (c.owner_kind === 'enterprise' ? c.enterprise_name : null) || c.owner_name || c.enterprise_name || '当事人';
        const place = c.address_text ?? `${c.town_name ?? ''}${c.division_name ?? ''}`;
        const earlier = await repo.latestFirst(caseId);
        let content: PaperContent;
        let refersTo: string | null = null;
        const year = Number(today.slice(0, 4));
        const docNo = `${town.short_name}${NUMBER_MARK[input.kind]}〔${year}〕${await repo.nextNo(c.town_code, input.kind, year)}号`;
        const checkDeadline = (d: string | undefined) => {
          if (!d) throw badRequest('document.deadline_required', '须填写限期拆除的期限', { field: 'deadline' });
          if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || d <= today) throw new AppError('document.deadline_in_past', 422, `期限 ${d} 须晚于今天`, { field: 'deadline' });
          return d;
        };
        if (input.kind === 'demolition_order') {
          if (c.disposal_class !== 'demolish' || !['classified', 'rectifying'].includes(c.status)) {
            throw new AppError('document.not_applicable', 422, '只有定性为拆除、尚未销号的案件可以制发责令限期拆除通知书', { status: c.status, disposalClass: c.disposal_class });
          }
          const deadline = checkDeadline(input.deadline ?? (c.deadline_at ? chinaDay(new Date(c.deadline_at)) : undefined));
          const area = c.area_m2 !== null ? `占地面积约 ${Number(c.area_m2)} 平方米` : '';
          content = {
            issuer,
            title: DOCUMENT_LABELS.demolition_order,
            docNo,
            to: party,
            paragraphs: [
              `经查,你(单位)在${place}建设的${CATEGORY_LABELS[c.category as keyof typeof CATEGORY_LABELS] ?? '建(构)筑物'}${area ? `(${area})` : ''},未取得乡村建设规划许可证(或未按许可证的规定进行建设),属违法建筑(案件编号 ${c.case_no})。`,
              `根据《中华人民共和国城乡规划法》第六十五条的规定,现责令你(单位)于${zhDate(deadline)}前自行拆除上述违法建筑,恢复原状。`,
              '逾期不拆除的,本机关将依法催告并强制拆除,所需费用由你(单位)承担。',
            ],
            signature: { issuer, date: zhDate(today) },
            footnote: '如不服本通知,可以自收到之日起六十日内向平湖市人民政府申请行政复议,或者在六个月内依法向人民法院提起行政诉讼。',
          };
        } else if (input.kind === 'reminder') {
          const order = earlier.find((d) => d.kind === 'demolition_order');
          if (!order) throw new AppError('document.order_missing', 422, '催告前须已制发责令限期拆除通知书');
          if (['closed', 'rejected'].includes(c.status)) throw new AppError('document.not_applicable', 422, '案件已办结,无需催告');
          const orderDeadline = String((order.content as { deadline?: string }).deadline ?? '');
          // 催告 comes after the time the order gave has run out (行政强制法 第三十五条)
          if (orderDeadline && orderDeadline >= today) throw new AppError('document.order_not_due', 422, `通知书 ${order.doc_no} 的期限(${orderDeadline})未到,不能催告`);
          const deadline = checkDeadline(input.deadline);
          refersTo = order.id;
          content = {
            issuer,
            title: DOCUMENT_LABELS.reminder,
            docNo,
            to: party,
            paragraphs: [
              `本机关于${zhDate(chinaDay(new Date(order.issued_at)))}向你(单位)送达《责令限期拆除通知书》(${order.doc_no}),责令你(单位)${orderDeadline ? `于${zhDate(orderDeadline)}前` : '限期'}自行拆除位于${place}的违法建筑(案件编号 ${c.case_no})。你(单位)逾期未履行。`,
              `根据《中华人民共和国行政强制法》第三十五条、第四十四条的规定,现催告你(单位)于${zhDate(deadline)}前自行拆除。`,
              '你(单位)有权进行陈述和申辩。逾期仍不履行的,本机关将依法予以公告并强制拆除。',
            ],
            signature: { issuer, date: zhDate(today) },
          };
        } else {
          const target = input.refersTo ? earlier.find((d) => d.id === input.refersTo && d.kind !== 'delivery_receipt') : undefined;
          if (!target) throw badRequest('document.refers_to_required', '送达回证须指明本案已制发的通知书或催告书', { field: 'refersTo' });
          refersTo = target.id;
          content = {
            issuer,
            title: DOCUMENT_LABELS.delivery_receipt,
            docNo,
            to: null,
            paragraphs: [],
            table: [
              ['送达文书', `${DOCUMENT_LABELS[target.kind as DocumentKind]}(${target.doc_no})`],
              ['受送达人', party],
              ['送达地点', place],
              ['送达方式', '直接送达'],
              ['受送达人签名', ''],
              ['送达时间', '        年    月    日    时'],
              ['送达人签名', ''],
              ['见证人签名', ''],
              ['备注', `案件编号 ${c.case_no}`],
            ],
            signature: { issuer, date: zhDate(today) },
          };
        }
        const id = randomUUID();
        const stored = { ...content, deadline: input.kind === 'delivery_receipt' ? null : (input.deadline ?? (c.deadline_at ? chinaDay(new Date(c.deadline_at)) : null)) };
        const row = { id, case_id: caseId, kind: input.kind, doc_no: docNo, refers_to: refersTo, issued_at: now, issued_by: actor.id, content: JSON.stringify(stored) };
        await repo.insert(row);
        await casesRepo.insertEvent({
          case_id: caseId,
          at: now,
          actor_id: actor.id,
          kind: 'document_issued',
          note: `${DOCUMENT_LABELS[input.kind]} ${docNo}`,
          data: { documentId: id, kind: input.kind, docNo },
        });
        await audit.append(actor, { action: 'document.issue', entity: 'case_document', entityId: id, after: { caseId, kind: input.kind, docNo, refersTo } });
        return present({ ...row, issued_at: now });
      });
    },
    async list(actor: Actor, caseId: string) {
      await cases.load(actor, caseId);
      return (await repo.ofCase(caseId)).map(present);
    },
    /** The paper as issued, as a PDF (same jurisdiction check as its case). */
    async pdf(actor: Actor, id: string) {
      const d = await repo.byId(id);
      if (!d) throw notFound('文书', 'document.not_found');
      await cases.load(actor, d.case_id).catch(() => {
        throw notFound('文书', 'document.not_found');
      });
      return { name: `${d.doc_no}.pdf`, pdf: await renderPaper(fonts(), d.content as unknown as PaperContent) };
    },
    /**
     * The case dossier (一户一档) as a PDF: the owner's name, his ID number and phone masked for every role (a
     * printout travels; the full values are on the case page, one audited look at a time). Each dossier taken
     * out is on the audit trail, as the list's exports are.
     */
    async dossier(actor: Actor, caseId: string) {
      const f = fonts();
      const c = await cases.get(actor, caseId);
      await audit.append(actor, { action: 'case.dossier_export', entity: 'case', entityId: caseId, after: { caseNo: c.caseNo, format: 'pdf', personalData: 'masked' } });
      const photos = await repo.photos(caseId, 12);
      const images = [];
      for (const p of photos) {
        const img = await sharp(await blobs.get(p.display_key ?? p.blob_key))
          .resize(800, 600, { fit: 'inside' })
          .jpeg({ quality: 78 })
          .toBuffer()
          .catch(() => null);
        if (img)
          images.push({
            stage: ({ before: '整改前', during: '整改中', after: '整改后' } as Record<string, string>)[p.stage],
            caption: p.captured_at ? `拍摄 ${chinaDateTime(p.captured_at)}` : '拍摄时间不详',
            image: img,
          });
      }
      const docs = await repo.summaries(caseId);
      const label = (k: string) =>
        ACTION_LABELS[k as CaseAction] ??
        (
          {
            created: '登记',
            photo_added: '上传照片',
            fields_changed: '修改信息',
            document_issued: '制发文书',
            overdue_notice: '逾期督办',
            escalated: '升级督办',
            notice_replied: '回复督办',
            task_assigned: '派发部门任务',
            task_done: '部门任务办结',
            duplicate_suspected: '疑似重复',
            rebuild_suspected: '疑似复建',
          } as Record<string, string>
        )[k] ??
        k;
      const decl = KINDS[c.kind];
      return {
        name: `${c.caseNo}.pdf`,
        pdf: await renderDossier(f, {
          // an illegal building's file (一户一档) or another kind's (积水点档案): its words and its own facts
          title: `${decl.label}${decl.countsAsViolation ? '一户一档' : '档案'} ${c.caseNo}`,
          subtitle: `${c.townName ?? ''} ${c.divisionName ?? ''} · ${statusLabel(c.kind, c.status, STATUS_LABELS[c.status as CaseStatus])}${c.disposalClass ? ` · ${ALL_DISPOSAL_LABELS[c.disposalClass] ?? c.disposalClass}` : ''}`,
          facts: [
            ['地址', c.addressText ?? ''],
            ['坐标(WGS84)', `${c.lon.toFixed(6)}, ${c.lat.toFixed(6)}`],
            ['类别', ALL_CATEGORY_LABELS[c.category] ?? c.category],
            ['来源', SOURCE_LABELS[c.source as keyof typeof SOURCE_LABELS] ?? c.source],
            ...(decl.countsAsViolation
              ? ([
                  ['面积', c.areaM2 === null ? '' : `${c.areaM2} m²`],
                  ['层数', c.floors === null ? '' : String(c.floors)],
                  ['当事人', c.enterpriseName ?? c.ownerName ?? ''],
                  ['身份证号', c.ownerIdNumber ?? ''],
                  ['联系电话', c.ownerPhone ?? ''],
                  ['存量/新增', c.origin === 'stock' ? '存量' : '新增'],
                  ['占用耕地', c.onCultivatedLand ? '是' : '否'],
                  ['永久基本农田', c.onBasicFarmland ? '是' : '否'],
                ] as [string, string][])
              : decl.extraFields.map((x): [string, string] => [x.label, c.extra[x.key] == null ? '' : `${c.extra[x.key]}${x.unit ? ` ${x.unit}` : ''}`])),
            ['发现时间', chinaDateTime(c.foundAt)],
            ['销号时间', c.closedAt ? chinaDateTime(c.closedAt) : ''],
          ],
          map: await this.mapImage(caseId).catch(() => null),
          photos: images,
          timeline: c.timeline.map((e) => ({ at: chinaDateTime(e.at), what: label(e.kind), who: e.actorName ?? '系统', note: e.note })),
          documents: docs.map((d) => ({ docNo: d.doc_no, kind: DOCUMENT_LABELS[d.kind as DocumentKind], at: chinaDateTime(d.issued_at) })),
          generatedAt: chinaDateTime(clock.now()),
        }),
      };
    },
    /** A small location map: the village boundary and the case point, drawn without any tile service. */
    async mapImage(caseId: string): Promise<Buffer> {
      const row = await repo.mapFacts(caseId);
      const g = JSON.parse(row.b) as { coordinates: number[][][][] };
      const pts = g.coordinates.flat(2) as unknown as [number, number][];
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      const W = 900;
      const H = 440;
      const k = Math.min((W - 40) / ((maxX - minX) * Math.cos((row.lat * Math.PI) / 180)), (H - 40) / (maxY - minY));
      const px = (x: number, y: number) => [20 + (x - minX) * Math.cos((row.lat * Math.PI) / 180) * k, H - 20 - (y - minY) * k];
      const rings = g.coordinates.flatMap((poly) =>
        poly.map((ring) =>
          ring
            .map(([x, y]) =>
              px(x, y)
                .map((v) => v.toFixed(1))
                .join(','),
            )
            .join(' '),
        ),
      );
      const [cx, cy] = px(row.lon, row.lat);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="#f4f6f8"/>${rings.map((p) => `<polygon points="${p}" fill="#e6eef7" stroke="#3d5a80" stroke-width="2"/>`).join('')}<circle cx="${cx}" cy="${cy}" r="9" fill="#f5222d" stroke="#fff" stroke-width="3"/><text x="24" y="36" font-family="Noto Sans CJK SC" font-size="22" fill="#3d5a80">${row.name}</text></svg>`;
      return sharp(Buffer.from(svg)).png().toBuffer();
    },
    present,
  };
}
export type DocumentsService = ReturnType<typeof documentsService>;
