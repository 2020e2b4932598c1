import type { Database } from '../../db/database.js';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import { AppError, badRequest } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { DIVISION_LEVEL_LABELS } from './division.levels.js';
import type { DivisionInput, DivisionsRepo } from './divisions.repo.js';

export function divisionsService(deps: { db: Database; divisionsRepo: DivisionsRepo; audit: AuditService }) {
  const { db, divisionsRepo: repo, audit } = deps;
  return {
    /** Flat list in tree order; each row knows whether it lies inside the actor's jurisdiction. */
    async list(actor: Actor) {
      const rows = await repo.all();
      return rows.map((d) => ({
        code: d.code,
        parentCode: d.parent_code,
        level: d.level,
        levelName: DIVISION_LEVEL_LABELS[d.level],
        kind: d.kind,
        name: d.name,
        shortName: d.short_name,
        landAreaKm2: d.land_area_km2,
        cultivatedAreaKm2: d.cultivated_area_km2,
        population: d.population,
        boundarySynthetic: d.boundary_synthetic,
        populationSynthetic: d.population_synthetic,
        inJurisdiction: inJurisdiction(actor, d.path),
      }));
    },
    geojson: (levels: string[], simplify: number | null) => repo.geojson(levels, simplify),
    /** Point-in-polygon: the village and town that a location belongs to. */
    async locate(lon: number, lat: number) {
      const hit = await repo.locate(lon, lat);
      if (!hit) throw new AppError('division.outside_area', 422, '该位置不在本市任何村(社区)范围内', { lon, lat });
      return { villageCode: hit.code, villageName: hit.name, townCode: hit.town_code, townName: hit.town_name, path: hit.path };
    },
    /** Loads a division tree (parents before children) in one transaction. */
    async importTree(actor: Actor | null, items: DivisionInput[]) {
      return db.transaction(async () => {
        const paths = new Map<string, string>();
        for (const d of items) {
          let path = d.code;
          if (d.parent_code) {
            const parentPath = paths.get(d.parent_code) ?? (await repo.byCode(d.parent_code))?.path;
            if (!parentPath) throw badRequest('division.unknown_parent', `上级区划 ${d.parent_code} 不存在`, { code: d.code });
            path = `${parentPath}/${d.code}`;
          }
          paths.set(d.code, path);
          await repo.insert(d, path);
        }
        await audit.append(actor, { action: 'division.import', entity: 'division', entityId: null, after: { count: items.length, codes: items.map((d) => d.code) } });
        return items.length;
      });
    },
  };
}
export type DivisionsService = ReturnType<typeof divisionsService>;
