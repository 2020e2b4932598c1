import { createHash } from 'node:crypto';
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { AlertsTable } from '../../db/schema.js';
import { inSubtree } from '../cases/case-filter.repo.js';
import { situationId, type CaseFacts, type DecisionFact, type DemolitionFact, type EventFact, type NoticeLineFact, type PhotoHashFact } from './alert.rules.js';

/** The first key of the transaction-scoped advisory locks on situations (lockSituations); the second is the situation's hash. */
const SITUATION_LOCK_SPACE = 7_331_021;

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' || Number.isNaN(Number(v)) ? null : Number(v));
const time = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

const photoHash = (p: {
  id: string;
  case_id: string;
  case_no: string;
  stage: string;
  phash: string | null;
  uploaded_at: Date | string;
  uploaded_by: string | null;
  root: string;
  case_status: string;
}): PhotoHashFact => ({
  id: p.id,
  caseId: p.case_id,
  caseNo: p.case_no,
  stage: p.stage,
  phash: p.phash!,
  uploadedAt: new Date(p.uploaded_at),
  uploadedBy: p.uploaded_by,
  mergeRoot: p.root,
  caseStatus: p.case_status,
});

/** What the inbox filters by (the jurisdiction and the reader's own id always apply). */
export interface AlertFilter {
  scopePath: string;
  /** The reader: alerts about him are never his to see. */
  readerId: string;
  status?: string[];
  rule?: string[];
  severity?: string[];
  divisionPath?: string;
  userId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export type AlertRow = Selectable<AlertsTable>;

/** All SQL of the supervision alerts: the rules' settings, the facts the rules read, the alerts and their steps. */
export function alertsRepo(db: Database) {
  /** Photos with a perceptual hash, each with what the photo-reuse rule needs of its case. */
  const hashedPhotoRows = () =>
    db.q
      .selectFrom('photos as p')
      .innerJoin('cases as c', 'c.id', 'p.case_id')
      .select([
        'p.id',
        'p.case_id',
        'c.case_no',
        'p.stage',
        'p.phash',
        'p.uploaded_at',
        'p.uploaded_by',
        sql<string>`coalesce(c.duplicate_of, c.id)`.as('root'),
        'c.status as case_status',
      ])
      .where('p.phash', 'is not', null);
  return {
    rules: () =>
      db.q.selectFrom('alert_rules as r').leftJoin('users as u', 'u.id', 'r.updated_by').selectAll('r').select('u.display_name as updated_by_name').orderBy('r.code').execute(),
    rule: (code: string) => db.q.selectFrom('alert_rules').selectAll().where('code', '=', code).forUpdate().executeTakeFirst(),
    updateRule: (
      code: string,
      version: number,
      patch: { enabled: boolean; severity: 'high' | 'medium' | 'low'; thresholds: Record<string, number>; updated_by: string; updated_at: Date },
    ) =>
      db.q
        .updateTable('alert_rules')
        .set({ ...patch, thresholds: JSON.stringify(patch.thresholds), version: sql`version + 1` })
        .where('code', '=', code)
        .where('version', '=', version)
        .returningAll()
        .executeTakeFirst(),

    /** Case ids in id order after `after` (the nightly sweep's pages). */
    caseIdsAfter: async (after: string | null, limit: number) =>
      (
        await db.q
          .selectFrom('cases')
          .select('id')
          // the rules concern illegal buildings (违建), not waterlogging points or campaign items
          .where('kind', '=', 'violation')
          .$if(after !== null, (q) => q.where('id', '>', after!))
          .orderBy('id')
          .limit(limit)
          .execute()
      ).map((r) => r.id),

    /** What the rules read about these cases, in a handful of statements for all of them. */
    async caseFacts(ids: string[], opts: { photosSince?: Date; rebuild?: { radiusM: number; withinDays: number } } = {}): Promise<CaseFacts[]> {
      if (!ids.length) return [];
      const cases = await db.q
        .selectFrom('cases')
        .select([
          'id',
          'case_no',
          'status',
          'source',
          'reported_by',
          'division_code',
          'division_path',
          'town_code',
          'lon',
          'lat',
          'duplicate_of',
          'created_at',
          'deadline_at',
          'owner_name',
          'enterprise_name',
        ])
        .where('id', 'in', ids)
        .execute();
      const events = await db.q
        .selectFrom('case_events')
        .select([
          'id',
          'case_id',
          'kind',
          'actor_id',
          'at',
          sql<string | null>`data->>'disposalClass'`.as('disposal_class'),
          sql<string | null>`data->'changes'->'areaM2'->>'from'`.as('area_from'),
          sql<string | null>`data->'changes'->'areaM2'->>'to'`.as('area_to'),
          sql<string | null>`data->>'assigneeId'`.as('assignee_id'),
          sql<boolean | null>`(data->>'afterClosing')::boolean`.as('after_closing'),
          sql<string[] | null>`case when kind = 'fields_changed' then array(select jsonb_object_keys(data->'changes')) end`.as('changed_fields'),
        ])
        .where('case_id', 'in', ids)
        .orderBy('at')
        .orderBy('id')
        .execute();
      const photos = await db.q
        .selectFrom('photos')
        .select([
          'id',
          'case_id',
          'uploaded_at',
          'uploaded_by',
          'captured_at',
          sql<boolean | null>`(evidence->>'exifPresent')::boolean`.as('exif_present'),
          sql<string | null>`evidence->>'device'`.as('device'),
          sql<[number, number] | null>`evidence->'exifGps'`.as('exif_gps'),
          sql<boolean>`exif is not null`.as('has_exif'),
        ])
        .where('case_id', 'in', ids)
        .where('stage', '=', 'after')
        .orderBy('uploaded_at')
        .orderBy('id')
        .execute();
      const mine = await this.hashedPhotos(ids, opts.photosSince);
      const lookalikes = await this.lookalikes(mine.map((p) => p.phash));
      const views = await db.q
        .selectFrom('audit_log as a')
        .innerJoin('users as u', (j) => j.on(sql<boolean>`u.id = a.actor_id`))
        .select(['a.id', 'a.entity_id', 'a.actor_id', 'a.at', 'u.role'])
        .where('a.action', '=', 'case.personal_data_viewed')
        .where('a.entity_id', 'in', ids)
        .orderBy('a.id')
        .execute();
      const viewed = [...new Set(views.map((v) => v.entity_id!))];
      const history = viewed.length
        ? await db.q
            .selectFrom('case_history')
            .select(['case_id', 'status', 'disposal_class', 'valid_from', 'valid_to'])
            .where('case_id', 'in', viewed)
            .orderBy('version')
            .execute()
        : [];
      const notices = viewed.length
        ? await db.q.selectFrom('supervision_notices').select(['case_id', 'level', 'issued_at', 'replied_at', 'escalated_at']).where('case_id', 'in', viewed).execute()
        : [];
      const lines = await this.noticeLines(ids);
      const demolitions = opts.rebuild ? await this.demolitionsNear(ids, opts.rebuild.radiusM, opts.rebuild.withinDays) : new Map<string, DemolitionFact[]>();
      const towns = [...new Set(cases.map((c) => c.town_code))];
      const staff = await db.q
        .selectFrom('users')
        .select(['id', 'role', 'division_code'])
        .where('active', '=', true)
        .where((w) => w.or([w('role', '=', 'city_office'), w.and([w('role', '=', 'town_officer'), w('division_code', 'in', towns)])]))
        .orderBy('username')
        .execute();
      const officersOf = (town: string) => staff.filter((u) => u.role === 'town_officer' && u.division_code === town).map((u) => u.id);
      const cityOffice = staff.filter((u) => u.role === 'city_office').map((u) => u.id);
      const by = <T extends { case_id: string | null }>(rows: T[]) => {
        const m = new Map<string, T[]>();
        for (const r of rows) {
          const k = r.case_id!;
          const list = m.get(k);
          if (list) list.push(r);
          else m.set(k, [r]);
        }
        return m;
      };
      const ev = by(events);
      const ph = by(photos);
      const vw = by(views.map((v) => ({ ...v, case_id: v.entity_id })));
      const hi = by(history);
      const no = by(notices);
      const hp = new Map<string, PhotoHashFact[]>();
      for (const p of mine) hp.set(p.caseId, [...(hp.get(p.caseId) ?? []), p]);
      return cases.map((c) => ({
        id: c.id,
        caseNo: c.case_no,
        status: c.status,
        source: c.source,
        reportedBy: c.reported_by,
        divisionCode: c.division_code,
        divisionPath: c.division_path,
        lon: Number(c.lon),
        lat: Number(c.lat),
        events: (ev.get(c.id) ?? []).map(
          (e): EventFact => ({
            id: Number(e.id),
            kind: e.kind,
            actorId: e.actor_id,
            at: new Date(e.at),
            disposalClass: e.disposal_class,
            areaFrom: num(e.area_from),
            areaTo: num(e.area_to),
            assigneeId: e.assignee_id,
            afterClosing: e.after_closing === true,
            changedFields: e.changed_fields ?? [],
          }),
        ),
        afterPhotos: (ph.get(c.id) ?? []).map((p) => ({
          id: p.id,
          uploadedAt: new Date(p.uploaded_at),
          uploadedBy: p.uploaded_by,
          capturedAt: time(p.captured_at),
          exifPresent: p.exif_present ?? p.has_exif,
          device: p.device,
          exifGps: Array.isArray(p.exif_gps) && p.exif_gps.length === 2 ? [Number(p.exif_gps[0]), Number(p.exif_gps[1])] : null,
        })),
        personalDataViews: (vw.get(c.id) ?? []).map((v) => ({ auditId: Number(v.id), actorId: v.actor_id!, actorRole: v.role, at: new Date(v.at) })),
        history: (hi.get(c.id) ?? []).map((h) => ({ status: h.status, disposalClass: h.disposal_class, from: new Date(h.valid_from), to: time(h.valid_to) })),
        notices: (no.get(c.id) ?? []).map((n) => ({ level: n.level, issuedAt: new Date(n.issued_at), closedAt: time(n.replied_at) ?? time(n.escalated_at) })),
        mergeRoot: c.duplicate_of ?? c.id,
        photos: hp.get(c.id) ?? [],
        lookalikes,
        createdAt: new Date(c.created_at),
        deadlineAt: time(c.deadline_at),
        owner: c.enterprise_name || c.owner_name || null,
        responsible: c.status === 'closing_requested' ? cityOffice : officersOf(c.town_code),
        noticeLines: (lines.get(c.id) ?? []).map((n) => ({ ...n, addressees: n.level === 'city' ? cityOffice : officersOf(n.townCode) })),
        demolitionsNearby: demolitions.get(c.id) ?? [],
      }));
    },

    /** The supervision notice lines (督办单) of these cases. */
    async noticeLines(caseIds: string[]): Promise<Map<string, (Omit<NoticeLineFact, 'addressees'> & { townCode: string })[]>> {
      const rows = await db.q
        .selectFrom('supervision_notices')
        .select(['id', 'case_id', 'notice_no', 'level', 'issued_at', 'reply_due', 'replied_at', 'town_code'])
        .where('case_id', 'in', caseIds)
        .orderBy('issued_at')
        .orderBy('id')
        .execute();
      const m = new Map<string, (Omit<NoticeLineFact, 'addressees'> & { townCode: string })[]>();
      for (const r of rows) {
        const day = typeof r.reply_due === 'string' ? r.reply_due.slice(0, 10) : new Date(new Date(r.reply_due).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
        const list = m.get(r.case_id) ?? [];
        list.push({ id: r.id, noticeNo: r.notice_no, level: r.level, issuedAt: new Date(r.issued_at), replyDue: day, repliedAt: time(r.replied_at), townCode: r.town_code });
        m.set(r.case_id, list);
      }
      return m;
    },

    /**
     * For each of these cases, the closings as demolished (拆除销号: an approve_closing whose last classification
     * before it was demolish) of other cases within `radiusM`, in the `withinDays` before the case was registered.
     */
    async demolitionsNear(caseIds: string[], radiusM: number, withinDays: number): Promise<Map<string, DemolitionFact[]>> {
      // Only two kinds of case can hold such a closing (closed → verified by reopen is the only way out of closed,
      // and only classify, which a closed case cannot take, sets its class): one closed as demolished now, found by
      // its own partial GiST index (case_demolished_geog_gix: ~a quarter of the registry, where the index over every
      // case fetched and probed ~16 neighbours within 50 m of each case at 1M, 0.29 s a page: bench/alerts-sweep.ts),
      // and one ever reopened (case_event_reopen_idx; rare among violations), whatever its status and class now.
      // Each neighbour's closings then by their own index (a lateral kept apart by `offset 0`: joined plainly, the
      // planner hashed every closing of the city for each page). No JIT: its estimate of the neighbours makes
      // PostgreSQL compile the statement (~0.6 s) for a run of ~0.1 s a page.
      await sql`set local jit = off`.execute(db.q);
      const r = await sql<{
        case_id: string;
        d_id: string;
        d_no: string;
        event_id: string;
        closed_at: Date | string;
        distance: number;
        requested_by: string | null;
        approved_by: string | null;
      }>`
        with c as materialized (
          select id, location_geog, created_at from cases where id in (${sql.join(caseIds)}) and kind = 'violation'
        ),
        reopened as materialized (
          select d.id, d.case_no, d.location_geog from cases d
          where d.kind = 'violation' and d.id in (select r.case_id from case_events r where r.kind = 'reopen')
        ),
        near as materialized (
          select c.id as case_id, c.created_at, d.id as d_id, d.case_no as d_no, ST_Distance(d.location_geog, c.location_geog) as distance
          from c join lateral (
            select d.id, d.case_no, d.location_geog from cases d
            where d.kind = 'violation' and d.status = 'closed' and d.disposal_class = 'demolish'
              and d.id <> c.id and ST_DWithin(d.location_geog, c.location_geog, ${radiusM})
            union
            select d.id, d.case_no, d.location_geog from reopened d
            where d.id <> c.id and ST_DWithin(d.location_geog, c.location_geog, ${radiusM})
          ) d on true
        )
        select n.case_id, n.d_id, n.d_no, e.id as event_id, e.at as closed_at, n.distance,
               (select r.actor_id from case_events r where r.case_id = n.d_id and r.kind = 'request_closing' and r.at <= e.at order by r.at desc, r.id desc limit 1) as requested_by,
               e.actor_id as approved_by
        from near n
        join lateral (
          select e.id, e.at, e.actor_id from case_events e
          where e.case_id = n.d_id and e.kind = 'approve_closing'
            and e.at < n.created_at and e.at >= n.created_at - make_interval(days => ${withinDays})
          offset 0
        ) e on true
        where (select k.data->>'disposalClass' from case_events k where k.case_id = n.d_id and k.kind = 'classify' and k.at <= e.at order by k.at desc, k.id desc limit 1) = 'demolish'
        order by e.at, e.id`.execute(db.q);
      const m = new Map<string, DemolitionFact[]>();
      for (const x of r.rows) {
        const list = m.get(x.case_id) ?? [];
        list.push({
          caseId: x.d_id,
          caseNo: x.d_no,
          eventId: Number(x.event_id),
          closedAt: new Date(x.closed_at),
          distanceM: Number(x.distance),
          closers: [...new Set([x.requested_by, x.approved_by].filter((u): u is string => !!u))],
        });
        m.set(x.case_id, list);
      }
      return m;
    },

    /** The photos of these cases that have a perceptual hash (uploaded since a moment, when given). */
    async hashedPhotos(caseIds: string[], since?: Date): Promise<PhotoHashFact[]> {
      if (!caseIds.length) return [];
      const rows = await hashedPhotoRows()
        .where('p.case_id', 'in', caseIds)
        .$if(since !== undefined, (q) => q.where('p.uploaded_at', '>=', since!))
        .orderBy('p.uploaded_at')
        .orderBy('p.id')
        .execute();
      return rows.map(photoHash);
    },

    /**
     * Photos of any case whose hash shares one of its four 16-bit bands with one of `hashes` (the indexes
     * photo_phash_band1..4_idx): every photo within 3 bits of one of them is among these. A band with all bits
     * alike (0000, ffff: the flat sky or ground of a picture) is not looked up: every plain picture has it.
     */
    async lookalikes(hashes: string[]): Promise<PhotoHashFact[]> {
      const bands: string[][] = [[], [], [], []];
      for (const h of new Set(hashes)) {
        for (let i = 0; i < 4; i++) {
          const b = h.slice(i * 4, i * 4 + 4);
          if (b.length === 4 && b !== '0000' && b !== 'ffff') bands[i].push(b);
        }
      }
      const probes = bands.flatMap((values, i) => (values.length ? [sql<boolean>`substr(p.phash, ${sql.lit(i * 4 + 1)}, 4) = any(${values}::text[])`] : []));
      if (!probes.length) return [];
      const rows = await hashedPhotoRows()
        .where(sql<boolean>`(${sql.join(probes, sql` or `)})`)
        .execute();
      return rows.map(photoHash);
    },

    /** The 立案 / 不予立案 decisions since a moment: all of them, or those of these people or on cases inside this box. */
    async decisions(since: Date, focus: { users: string[]; box: [number, number, number, number] | null } | null): Promise<DecisionFact[]> {
      let q = db.q
        .selectFrom('case_events as e')
        .innerJoin('cases as c', 'c.id', 'e.case_id')
        .select([
          'e.id',
          'e.case_id',
          'e.kind',
          'e.actor_id',
          'e.at',
          sql<boolean>`(e.data->>'duplicateOf') is not null`.as('merge'),
          'c.case_no',
          'c.lon',
          'c.lat',
          'c.division_code',
          'c.division_path',
        ])
        .where(sql<boolean>`e.kind in ('verify', 'reject')`)
        // the decisions on illegal buildings: turning away a waterlogging report is not 不予立案
        .where('c.kind', '=', 'violation')
        .where('e.at', '>=', since);
      if (focus) {
        const box = focus.box;
        q = q.where((w) =>
          w.or([
            ...(focus.users.length ? [w('e.actor_id', 'in', focus.users)] : []),
            ...(box ? [w.and([w('c.lon', '>=', box[0]), w('c.lat', '>=', box[1]), w('c.lon', '<=', box[2]), w('c.lat', '<=', box[3])])] : []),
          ]),
        );
      }
      return (await q.execute()).map((d) => ({
        eventId: Number(d.id),
        caseId: d.case_id,
        caseNo: d.case_no,
        kind: d.kind as 'verify' | 'reject',
        merge: d.merge,
        actorId: d.actor_id,
        at: new Date(d.at),
        lon: Number(d.lon),
        lat: Number(d.lat),
        divisionCode: d.division_code,
        divisionPath: d.division_path,
      }));
    },
    /** Where people belong (their division and its path): a person's alert lies there. */
    homes: async (ids: string[]) =>
      new Map(
        ids.length
          ? (
              await db.q
                .selectFrom('users as u')
                .innerJoin('divisions as d', 'd.code', 'u.division_code')
                .select(['u.id', 'u.division_code', 'd.path'])
                .where('u.id', 'in', ids)
                .execute()
            ).map((u) => [u.id, { divisionCode: u.division_code, divisionPath: u.path }] as const)
          : [],
      ),

    userNames: async (ids: string[]) =>
      new Map(ids.length ? (await db.q.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()).map((u) => [u.id, u.display_name] as const) : []),
    users: (ids: string[]) =>
      ids.length ? db.q.selectFrom('users').select(['id', 'display_name', 'role', 'division_code']).where('id', 'in', ids).execute() : Promise.resolve([]),

    /** New alerts; a situation already raised is skipped (unique rule + situation key). Returns those written. */
    insertAlerts: async (
      rows: (Omit<Insertable<AlertsTable>, 'evidence' | 'case_ids' | 'user_ids'> & { case_ids: string[]; user_ids: string[]; evidence: Record<string, unknown> })[],
    ) => {
      if (!rows.length) return [] as { id: string }[];
      return db.q
        .insertInto('alerts')
        .values(
          rows.map((r) => ({
            ...r,
            case_ids: sql`${`{${r.case_ids.join(',')}}`}::uuid[]` as unknown as string[],
            user_ids: sql`${`{${r.user_ids.join(',')}}`}::uuid[]` as unknown as string[],
            evidence: JSON.stringify(r.evidence),
          })),
        )
        .onConflict((oc) => oc.columns(['rule', 'situation_key']).doNothing())
        .returning('id')
        .execute();
    },
    insertStep: (s: {
      alert_id: string;
      at: Date;
      actor_id: string | null;
      action: 'raise' | 'review' | 'dismiss' | 'confirm' | 'refer';
      from_status: string | null;
      to_status: string;
      reason: string | null;
      referral_no: string | null;
    }) => db.q.insertInto('alert_steps').values(s).execute(),
    /** The 'raise' steps of new alerts, in one statement. */
    insertRaiseSteps: async (alertIds: string[], at: Date) => {
      if (alertIds.length)
        await db.q
          .insertInto('alert_steps')
          .values(alertIds.map((id) => ({ alert_id: id, at, actor_id: null, action: 'raise' as const, from_status: null, to_status: 'open', reason: null, referral_no: null })))
          .execute();
    },
    setStatus: (id: string, from: string, to: AlertRow['status']) =>
      db.q
        .updateTable('alerts')
        .set({ status: to })
        .where('id', '=', id)
        .where('status', '=', from as AlertRow['status'])
        .executeTakeFirst(),

    async list(f: AlertFilter) {
      let q = db.q
        .selectFrom('alerts as a')
        .where(sql<boolean>`${inSubtree('a.division_path', f.scopePath)}`)
        .where(sql<boolean>`not (${f.readerId}::uuid = any(a.user_ids))`);
      if (f.status?.length) q = q.where('a.status', 'in', f.status as AlertRow['status'][]);
      if (f.rule?.length) q = q.where('a.rule', 'in', f.rule);
      if (f.severity?.length) q = q.where('a.severity', 'in', f.severity as AlertRow['severity'][]);
      if (f.divisionPath) q = q.where(sql<boolean>`${inSubtree('a.division_path', f.divisionPath)}`);
      if (f.userId) q = q.where(sql<boolean>`${f.userId}::uuid = any(a.user_ids)`);
      if (f.from) q = q.where('a.created_at', '>=', f.from);
      if (f.to) q = q.where('a.created_at', '<', f.to);
      const [items, total] = await Promise.all([
        q
          .selectAll('a')
          .orderBy(sql`case a.severity when 'high' then 3 when 'medium' then 2 else 1 end`, 'desc')
          .orderBy('a.created_at')
          .orderBy('a.id')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    byId: (id: string, forUpdate = false) =>
      db.q
        .selectFrom('alerts')
        .selectAll()
        .where('id', '=', id)
        .$if(forUpdate, (q) => q.forUpdate())
        .executeTakeFirst(),
    steps: (alertId: string) =>
      db.q
        .selectFrom('alert_steps as s')
        .leftJoin('users as u', 'u.id', 's.actor_id')
        .select(['s.id', 's.at', 's.action', 's.from_status', 's.to_status', 's.reason', 's.referral_no', 's.actor_id', 'u.display_name as actor_name', 'u.role as actor_role'])
        .where('s.alert_id', '=', alertId)
        .orderBy('s.id')
        .execute(),
    /** The next referral number of a year (the counter row is locked until commit: numbers never repeat). */
    nextReferral: async (year: number) =>
      (
        await db.q
          .insertInto('alert_referral_counters')
          .values({ year, last_no: 1 })
          .onConflict((oc) => oc.column('year').doUpdateSet({ last_no: sql`alert_referral_counters.last_no + 1` }))
          .returning('last_no')
          .executeTakeFirstOrThrow()
      ).last_no,
    /** Claims a China day's sweep: true for the one process that gets there first. */
    claimSweep: async (day: string, at: Date) =>
      (
        await db.q
          .insertInto('alert_sweeps')
          .values({ day, queued_at: at })
          .onConflict((oc) => oc.column('day').doNothing())
          .returning('day')
          .execute()
      ).length > 0,

    /** The cases an alert names, as its evidence shows them. */
    cases: (ids: string[]) =>
      ids.length
        ? db.q
            .selectFrom('cases as c')
            .innerJoin('divisions as t', 't.code', 'c.town_code')
            .innerJoin('divisions as v', 'v.code', 'c.division_code')
            .select([
              'c.id',
              'c.case_no',
              'c.status',
              'c.disposal_class',
              'c.area_m2',
              'c.address_text',
              'c.lon',
              'c.lat',
              'c.reported_by',
              't.short_name as town_name',
              'v.short_name as village_name',
            ])
            .where('c.id', 'in', ids)
            .execute()
        : Promise.resolve([]),
    divisionNames: async (codes: string[]) =>
      new Map(
        codes.length ? (await db.q.selectFrom('divisions').select(['code', 'short_name']).where('code', 'in', codes).execute()).map((d) => [d.code, d.short_name] as const) : [],
      ),
    divisionPath: async (code: string) => (await db.q.selectFrom('divisions').select('path').where('code', '=', code).executeTakeFirst())?.path ?? null,
    /** The town of each village (for the inbox's town column). */
    townOf: async (codes: string[]) =>
      new Map(
        codes.length
          ? (
              await db.q
                .selectFrom('divisions as v')
                .leftJoin('divisions as t', 't.code', 'v.parent_code')
                .select(['v.code', 'v.level', 'v.short_name', 't.short_name as parent_name'])
                .where('v.code', 'in', codes)
                .execute()
            ).map((d) => [d.code, d.level === 'village' ? `${d.parent_name ?? ''} ${d.short_name}` : d.short_name] as const)
          : [],
      ),

    /** Of these cases, those that came from a census import (存量普查导入): the import, its file, who and when, and the case's town. */
    importOrigins: async (caseIds: string[]) =>
      new Map(
        caseIds.length
          ? (
              await db.q
                .selectFrom('cases as c')
                .innerJoin('case_imports as i', 'i.id', 'c.import_id')
                .innerJoin('divisions as t', 't.code', 'c.town_code')
                .leftJoin('users as u', 'u.id', 'i.requested_by')
                .select(['c.id', 'c.import_id', 'c.town_code', 't.path as town_path', 't.short_name as town_name', 'i.filename', 'i.created_at', 'u.display_name as importer'])
                .where('c.id', 'in', caseIds)
                .execute()
            ).map(
              (r) =>
                [
                  r.id,
                  {
                    importId: r.import_id!,
                    townCode: r.town_code,
                    townPath: r.town_path,
                    townName: r.town_name,
                    filename: r.filename,
                    importedAt: new Date(r.created_at),
                    importer: r.importer,
                  },
                ] as const,
            )
          : [],
      ),
    /** Of these situations (rule and key), those already raised as an alert or kept as a member of one. */
    async knownSituations(found: { rule: string; key: string }[]): Promise<Set<string>> {
      const out = new Set<string>();
      if (!found.length) return out;
      const pairs = sql.join(found.map((f) => sql`(${f.rule}, ${f.key})`));
      const r = await sql<{ rule: string; situation_key: string }>`
        select rule, situation_key from alerts where (rule, situation_key) in (${pairs})
        union all
        select rule, situation_key from alert_members where (rule, situation_key) in (${pairs})`.execute(db.q);
      for (const x of r.rows) out.add(situationId(x.rule, x.situation_key));
      return out;
    },
    /**
     * Locks these situations (rule and key) until the transaction ends: a transaction-scoped advisory lock on a
     * 32-bit hash of each, taken in the order of the hashes so that two raising transactions never wait on each
     * other in a circle. A second transaction raising one of them waits here until the first commits or rolls
     * back, and then reads what it wrote. Two situations sharing a hash only wait for each other. On PGlite
     * (one connection, one transaction at a time) the locks are never contended.
     */
    async lockSituations(found: { rule: string; key: string }[]): Promise<void> {
      const hashes = [...new Set(found.map((f) => createHash('sha256').update(situationId(f.rule, f.key)).digest().readInt32BE(0)))].sort((a, b) => a - b);
      if (!hashes.length) return;
      // unnest yields the array's order: the locks are taken one after the other, smallest hash first
      await sql`select pg_advisory_xact_lock(${SITUATION_LOCK_SPACE}::int, h) from unnest(${hashes}::int[]) as t(h)`.execute(db.q);
    },
    /** The id of the alert raised for a situation. */
    alertIdOf: async (rule: string, key: string) =>
      (await db.q.selectFrom('alerts').select('id').where('rule', '=', rule).where('situation_key', '=', key).executeTakeFirst())?.id ?? null,
    /** New members of a group's alert; a situation already kept is skipped. Returns how many were written. */
    insertMembers: async (
      rows: { alert_id: string; rule: string; situation_key: string; case_id: string; user_ids: string[]; summary: string; evidence: Record<string, unknown>; created_at: Date }[],
    ) => {
      if (!rows.length) return 0;
      const r = await db.q
        .insertInto('alert_members')
        .values(
          rows.map((m) => ({
            ...m,
            user_ids: sql`${`{${m.user_ids.join(',')}}`}::uuid[]` as unknown as string[],
            evidence: JSON.stringify(m.evidence),
          })),
        )
        .onConflict((oc) => oc.columns(['rule', 'situation_key']).doNothing())
        .returning('case_id')
        .execute();
      return r.length;
    },
    /** How many members each of these alerts has that the reader may see (none about him). */
    memberCounts: async (alertIds: string[], readerId: string) =>
      new Map(
        alertIds.length
          ? (
              await db.q
                .selectFrom('alert_members')
                .select(['alert_id', sql<string>`count(*)`.as('n')])
                .where('alert_id', 'in', alertIds)
                .where(sql<boolean>`not (${readerId}::uuid = any(user_ids))`)
                .groupBy('alert_id')
                .execute()
            ).map((r) => [r.alert_id, Number(r.n)] as const)
          : [],
      ),
    /** Census imports by id: the file and when it was uploaded. */
    importBriefs: async (ids: string[]) =>
      new Map(
        ids.length
          ? (await db.q.selectFrom('case_imports').select(['id', 'filename', 'created_at']).where('id', 'in', ids).execute()).map(
              (r) => [r.id, { filename: r.filename, importedAt: new Date(r.created_at) }] as const,
            )
          : [],
      ),
    /** A page of a group's members (oldest first, then by case number) with their cases, and how many there are; never those about the reader. */
    async members(alertId: string, readerId: string, limit: number, offset: number) {
      const q = db.q.selectFrom('alert_members as m').where('m.alert_id', '=', alertId).where(sql<boolean>`not (${readerId}::uuid = any(m.user_ids))`);
      const [items, total] = await Promise.all([
        q
          .innerJoin('cases as c', 'c.id', 'm.case_id')
          .innerJoin('divisions as t', 't.code', 'c.town_code')
          .innerJoin('divisions as v', 'v.code', 'c.division_code')
          .select(['m.case_id', 'm.summary', 'm.created_at', 'm.user_ids', 'c.case_no', 'c.status', 'c.address_text', 't.short_name as town_name', 'v.short_name as village_name'])
          .orderBy('m.created_at')
          .orderBy('c.case_no')
          .limit(limit)
          .offset(offset)
          .execute(),
        q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
  };
}
export type AlertsRepo = ReturnType<typeof alertsRepo>;
