/**
 * The symbols of the map's overlay layers (变化图斑, 积水点, 专项整治对象) as plain values: the layers' OpenLayers
 * styles (tileLayers.ts) and the legend (MapLegend.tsx) are both drawn from these, so the legend cannot show
 * a colour the map does not.
 */
import type { CaseStatus } from '../../api/types';
import { STATUS_COLORS } from '../../lib/status';

/** Patch (变化图斑) outline colours by the patch's status (src/modules/patches), in the order of its life. */
export const PATCH_COLOURS = {
  pending: '#e8590c', // 待核查: a field task
  submitted: '#f59f00', // 待审核: a verdict awaits the town's review
  verified: '#2f9e44', // 已核查
} as const;
export type PatchStatus = keyof typeof PATCH_COLOURS;
export const PATCH_STATUSES = Object.keys(PATCH_COLOURS) as PatchStatus[];
/** A patch's outline width; its inside is the outline colour at PATCH_FILL_ALPHA. */
export const PATCH_STROKE_WIDTH = 2;
export const PATCH_FILL_ALPHA = 0.22;

/** A patch's colour; another status falls back to a case status colour, then orange. */
export const patchColour = (status: unknown) => {
  const s = String(status ?? '');
  return PATCH_COLOURS[s as PatchStatus] ?? STATUS_COLORS[s as CaseStatus] ?? PATCH_COLOURS.pending;
};

export type ItemKind = 'waterlogging' | 'campaign_item';

/**
 * Other kinds of item on the case engine: a shape of their own with an outline in the kind's colour, the
 * status colour inside. Waterlogging points (few, a place to go to) are triangles; campaign items (by the
 * thousand: poles, lines) small squares.
 */
export const KIND_SYMBOLS: Record<ItemKind, { points: 3 | 4; angle: number; stroke: string; strokeWidth: number }> = {
  waterlogging: { points: 3, angle: 0, stroke: '#0b3d91', strokeWidth: 2 },
  campaign_item: { points: 4, angle: Math.PI / 4, stroke: '#5f3dc4', strokeWidth: 1 },
};

/** A status's fill inside a kind's symbol. */
export const kindFill = (status: string) => STATUS_COLORS[status as CaseStatus] ?? '#999';
