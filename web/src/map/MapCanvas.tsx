import type { RefObject } from 'react';

/** What is under the pointer: its label at the pointer's place in the map. */
export interface Hover {
  x: number;
  y: number;
  text: string;
}

/** The city map's element (the tests find it as `city-map`) and the tooltip of what the pointer is over. */
export function MapCanvas({ elRef, hover }: { elRef: RefObject<HTMLDivElement | null>; hover: Hover | null }) {
  return (
    <>
      <div ref={elRef} className="map-canvas" data-testid="city-map" />
      {hover && (
        <div className="map-tooltip" style={{ left: hover.x, top: hover.y }}>
          {hover.text}
        </div>
      )}
    </>
  );
}
