import { sql, type Insertable, type Updateable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { CasesTable } from '../../db/schema.js';
import { caseWhere, inSubtree, type CaseFilter } from './case-filter.repo.js';
import { caseDuplicatesRepo } from './cases.duplicates.repo.js';

// the shared filter's type lives with its SQL (case-filter.repo.ts); imported from here by the services
export type { CaseFilter };

export interface NearbyRow {
  id: string;
  case_no: string;
  status: string;
  disposal_class: string | null;
  category: string;
  lon: number;
  lat: number;
  found_at: Date;
  note: string | null;
  version: number;
  division_name: string;
  town_name: string;
  distance: number;
  photo_count: number;
  photo_ids: string[];
}

export type CaseSort = 'found_at' | 'updated_at' | 'case_no' | 'area_m2' | 'status';

export const listColumns = [
  'c.id',
  'c.case_no',
  'c.status',
  'c.origin',
  'c.disposal_class',
  'c.source',
  'c.category',
  'c.division_code',
  'c.town_code',
  'c.division_path',
  'c.area_m2',
  'c.floors',
  'c.structure',
  'c.use',
  'c.land_type',
  'c.on_cultivated_land',
  'c.on_basic_farmland',
  'c.owner_kind',
  'c.owner_name',
  'c.enterprise_name',
  'c.address_text',
  'c.safety_risk',
  'c.found_at',
  'c.deadline_at',
  'c.review_date',
  'c.updated_at',
  'c.version',
  'c.kind',
  'c.extra',
] as const;

/** Every column of a case but the geometries: what the history snapshot and the audit record keep. */
const plainColumns = [
  'id',
  'case_no',
  'client_id',
  'lon',
  'lat',
  'division_code',
  'town_code',
  'division_path',
  'origin',
  'category',
  'area_m2',
  'floors',
  'structure',
  'use',
  'land_type',
  'on_cultivated_land',
  'on_basic_farmland',
  'owner_kind',
  'owner_name',
  'owner_id_number',
  'owner_phone',
  'enterprise_name',
  'enterprise_uscc',
  'source',
  'address_group',
  'address_house_no',
  'address_text',
  'safety_risk',
  'status',
  'disposal_class',
  'remedy_ref',
  'defer_reason',
  'review_date',
  'reject_reason',
  'duplicate_of',
  'note',
  'found_at',
  'reported_by',
  'deadline_at',
  'verified_at',
  'classified_at',
  'closed_at',
  'version',
  'created_at',
  'updated_at',
  'kind',
  'extra',
] as const;

export function casesRepo(db: Database) {
  const base = () => db.q.selectFrom('cases as c').innerJoin('divisions as v', 'v.code', 'c.division_code').innerJoin('divisions as t', 't.code', 'c.town_code');

  return {
    /**
     * Inserts a case and draws its number in the same statement: the year's counter is incremented (its row
     * lock orders concurrent reports until commit) and the number is `prefix-year-NNNNNN`.
     */
    async insert(
      row: Omit<Insertable<CasesTable>, 'case_no' | 'location' | 'location_geog' | 'footprint' | 'lon' | 'lat'>,
      no: { prefix: string; year: number; ownCounter?: boolean },
      lon: number,
      lat: number,
      footprint: unknown | null,
    ) {
      return db.q
        .with('counter', (qc) =>
          // violations count in case_counters (as they always have); every other kind on its own prefix's counter
          no.ownCounter
            ? qc
                .insertInto('item_counters')
                .values({ prefix: no.prefix, year: no.year, last_no: 1 })
                .onConflict((oc) => oc.columns(['prefix', 'year']).doUpdateSet({ last_no: sql`item_counters.last_no + 1` }))
                .returning('last_no')
            : qc
                .insertInto('case_counters')
                .values({ year: no.year, last_no: 1 })
                .onConflict((oc) => oc.column('year').doUpdateSet({ last_no: sql`case_counters.last_no + 1` }))
                .returning('last_no'),
        )
        .insertInto('cases')
        .values({
          ...row,
          case_no: sql`(select ${`${no.prefix}-${no.year}-`}::text || lpad(last_no::text, greatest(6, length(last_no::text)), '0') from counter)`,
          lon,
          lat,
          location: sql`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)`,
          location_geog: sql`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography`,
          footprint: footprint ? sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(footprint)}), 4326))` : null,
        })
        .returning(plainColumns)
        .executeTakeFirstOrThrow();
    },
    /** Optimistic update: only when the version still matches; returns the new row (no geometry), or undefined. */
    async update(id: string, expectedVersion: number, patch: Updateable<CasesTable>, footprint?: unknown | null) {
      const set: Record<string, unknown> = { ...patch, version: expectedVersion + 1 };
      if (footprint !== undefined) set.footprint = footprint ? sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(footprint)}), 4326))` : null;
      return db.q
        .updateTable('cases')
        .set(set as any)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .returning(plainColumns)
        .executeTakeFirst();
    },
    /** The full row with coordinates and names, for detail and for the services. */
    async byId(id: string) {
      return base()
        .select(plainColumns.map((c) => `c.${c}` as const))
        .select([
          sql<unknown>`case when c.footprint is null then null else ST_AsGeoJSON(c.footprint, 7)::json end`.as('footprint_geojson'),
          'v.short_name as division_name',
          't.short_name as town_name',
          sql<string | null>`(select d.case_no from cases d where d.id = c.duplicate_of)`.as('duplicate_of_case_no'),
        ])
        .where('c.id', '=', id)
        .executeTakeFirst();
    },
    byClientId: (clientId: string) => db.q.selectFrom('cases').select(['id', 'division_path', 'client_fingerprint']).where('client_id', '=', clientId).executeTakeFirst(),
    ...caseDuplicatesRepo(db),
    async list(f: CaseFilter, sort: CaseSort, desc: boolean, limit: number, offset: number) {
      const q = base().where(caseWhere(f));
      const [items, total] = await Promise.all([
        q
          .select([...listColumns, 'c.lon', 'c.lat', 'v.short_name as division_name', 't.short_name as town_name'])
          .select((eb) =>
            eb
              .selectFrom('photos as p')
              .whereRef('p.case_id', '=', 'c.id')
              .select((e2) => e2.fn.countAll<number>().as('n'))
              .as('photo_count'),
          )
          .orderBy(`c.${sort}` as any, (ob) => {
            const o = desc ? ob.desc() : ob.asc();
            // only the area can be empty; for the other keys a plain order lets an index (key, id) serve it
            return sort === 'area_m2' ? o.nullsLast() : o;
          })
          .orderBy('c.id', desc ? 'desc' : 'asc')
          .limit(limit)
          .offset(offset)
          .execute(),
        // the count needs no names: no joins
        db.q
          .selectFrom('cases as c')
          .where(caseWhere(f))
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    events: (caseId: string) =>
      db.q
        .selectFrom('case_events as e')
        .leftJoin('users as u', 'u.id', 'e.actor_id')
        .select(['e.id', 'e.at', 'e.kind', 'e.from_status', 'e.to_status', 'e.note', 'e.data', 'u.display_name as actor_name', 'u.role as actor_role'])
        .where('e.case_id', '=', caseId)
        .orderBy('e.at')
        .orderBy('e.id')
        .execute(),
    /**
     * The latest decision about a case's deadline since it was classified: the 定性 itself or a 设定期限 after it.
     * Its data says whether an officer gave the day (`deadline`) or the calendar chose it.
     */
    lastDeadlineDecision: (caseId: string) =>
      db.q
        .selectFrom('case_events')
        .select(['kind', 'data'])
        .where('case_id', '=', caseId)
        .where('kind', 'in', ['classify', 'deadline_set'])
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst(),
    insertEvent: (e: {
      case_id: string;
      at: Date;
      actor_id: string | null;
      kind: string;
      from_status?: string | null;
      to_status?: string | null;
      note?: string | null;
      data?: Record<string, unknown>;
    }) =>
      db.q
        .insertInto('case_events')
        .values({ ...e, from_status: e.from_status ?? null, to_status: e.to_status ?? null, note: e.note ?? null, data: JSON.stringify(e.data ?? {}) })
        .execute(),
    externalRefs: (caseId: string) =>
      db.q
        .selectFrom('case_external_refs as r')
        .leftJoin('external_sources as s', 's.code', 'r.system')
        .select(['r.system', 'r.external_id', 'r.created_at', 's.name as system_name'])
        .where('r.case_id', '=', caseId)
        .orderBy('r.created_at')
        .execute(),
    insertExternalRef: (r: { case_id: string; system: string; external_id: string; created_at: Date }) => db.q.insertInto('case_external_refs').values(r).execute(),
    findExternalRef: (system: string, externalId: string) =>
      db.q.selectFrom('case_external_refs').select('case_id').where('system', '=', system).where('external_id', '=', externalId).executeTakeFirst(),
    /**
     * Records one change in one statement: the timeline event, the end of the open history interval
     * and the next interval with the snapshot.
     */
    async recordVersion(
      e: {
        case_id: string;
        at: Date;
        actor_id: string | null;
        kind: string;
        from_status: string | null;
        to_status: string | null;
        note: string | null;
        data: Record<string, unknown>;
      },
      h: {
        version: number;
        status: string;
        disposal_class: string | null;
        origin: string;
        division_code: string;
        town_code: string;
        area_m2: number | null;
        data: Record<string, unknown>;
        kind?: string;
      },
    ) {
      await sql`
        with ev as (
          insert into case_events (case_id, at, actor_id, kind, from_status, to_status, note, data)
          values (${e.case_id}, ${e.at}, ${e.actor_id}, ${e.kind}, ${e.from_status}, ${e.to_status}, ${e.note}, ${JSON.stringify(e.data)}::jsonb)),
        closed as (update case_history set valid_to = ${e.at} where case_id = ${e.case_id} and valid_to is null)
        insert into case_history (case_id, version, valid_from, valid_to, status, disposal_class, origin, division_code, town_code, area_m2, data, kind)
        values (${e.case_id}, ${h.version}, ${e.at}, null, ${h.status}, ${h.disposal_class}, ${h.origin}, ${h.division_code}, ${h.town_code}, ${h.area_m2}, ${JSON.stringify(h.data)}::jsonb, ${h.kind ?? 'violation'})`.execute(
        db.q,
      );
    },
    /** The facts of every case in a subtree as they stood at time `at` (end of a period). */
    asOf: (scopePath: string, at: Date) =>
      db.q
        .selectFrom('case_history as h')
        .innerJoin('cases as c', 'c.id', 'h.case_id')
        .select(['h.case_id', 'h.version', 'h.status', 'h.disposal_class', 'h.origin', 'h.division_code', 'h.town_code', 'h.area_m2', 'h.data'])
        .where(inSubtree('c.division_path', scopePath))
        .where('h.valid_from', '<=', at)
        .where((eb) => eb.or([eb('h.valid_to', 'is', null), eb('h.valid_to', '>', at)]))
        .execute(),
    /** Distance in metres from the case point to a lon/lat. */
    async distanceM(caseId: string, lon: number, lat: number): Promise<number | null> {
      const r = await sql<{ d: number }>`select ST_Distance(location_geog, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography) as d from cases where id = ${caseId}`.execute(
        db.q,
      );
      return r.rows[0]?.d ?? null;
    },
    afterPhotoFacts: async (caseId: string) => {
      const r = await sql<{ captured_at: Date | null; d: number | null }>`
        select p.captured_at, case when p.capture_location is null then null
               else ST_Distance(c.location_geog, p.capture_location::geography) end as d
        from photos p join cases c on c.id = p.case_id
        where p.case_id = ${caseId} and p.stage = 'after'`.execute(db.q);
      return r.rows.map((x) => ({ capturedAt: x.captured_at ? new Date(x.captured_at) : null, distanceM: x.d === null ? null : Number(x.d) }));
    },
    /** Deferred cases whose review date (China calendar day) has come. */
    deferredDue: async (today: string) =>
      (
        await db.q
          .selectFrom('cases')
          .select('id')
          .where('status', '=', 'classified')
          .where('disposal_class', '=', 'defer')
          .where('review_date', '<=', today)
          .orderBy('review_date')
          .limit(500)
          .execute()
      ).map((r) => r.id),
    count: async () =>
      Number(
        (
          await db.q
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    /** PostGIS's verdict on a GeoJSON polygon; throws when it is not GeoJSON geometry at all. */
    async polygonValidity(geojson: unknown) {
      const r = await sql<{
        valid: boolean;
        reason: string;
      }>`select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason from (select ST_GeomFromGeoJSON(${JSON.stringify(geojson)}) as g) s`.execute(db.q);
      return r.rows[0];
    },
    divisionPath: async (code: string) => (await db.q.selectFrom('divisions').select('path').where('code', '=', code).executeTakeFirst())?.path,
    /** The grace time (hours) the supervision rule on personal-data lookups allows after a look; null without the rule's settings. */
    async personalDataGraceHours(): Promise<number | null> {
      const r = await db.q.selectFrom('alert_rules').select('thresholds').where('code', '=', 'personal_data_outside_work').executeTakeFirst();
      const h = (r?.thresholds as Record<string, unknown> | undefined)?.graceHours;
      return typeof h === 'number' ? h : null;
    },
    /** A user a case may be assigned to, with the path of their area. */
    assigneeCandidate: (userId: string) =>
      db.q
        .selectFrom('users as u')
        .innerJoin('divisions as d', 'd.code', 'u.division_code')
        .select(['u.id', 'u.display_name', 'u.role', 'u.active', 'd.path'])
        .where('u.id', '=', userId)
        .executeTakeFirst(),
    assigneeId: async (caseId: string) => (await db.q.selectFrom('case_assignees').select('user_id').where('case_id', '=', caseId).executeTakeFirst())?.user_id ?? null,
    setAssignee: (a: { case_id: string; user_id: string; assigned_by: string; assigned_at: Date }) =>
      db.q
        .insertInto('case_assignees')
        .values(a)
        .onConflict((oc) => oc.column('case_id').doUpdateSet({ user_id: a.user_id, assigned_by: a.assigned_by, assigned_at: a.assigned_at }))
        .execute(),
    /** Department tasks still open on a case (closing waits for them). */
    openTaskCount: async (caseId: string) =>
      Number(
        (
          await db.q
            .selectFrom('case_tasks')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('case_id', '=', caseId)
            .where('status', '=', 'open')
            .executeTakeFirstOrThrow()
        ).n,
      ),
    insertTask: (t: { id: string; case_id: string; department: string; title: string; deadline: string; status: 'open'; created_by: string; created_at: Date }) =>
      db.q.insertInto('case_tasks').values(t).execute(),
  };
}
export type CasesRepo = ReturnType<typeof casesRepo>;
