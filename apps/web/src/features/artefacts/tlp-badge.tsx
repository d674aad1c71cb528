import { Badge, Tooltip } from '@mantine/core';
import { TLP_MEANING, type TlpLevel } from './api.js';

/** FIRST's TLP 2.0 colours, shown on black as the standard asks. */
const COLOURS: Readonly<Record<TlpLevel, string>> = {
  CLEAR: '#FFFFFF',
  GREEN: '#33FF00',
  AMBER: '#FFC000',
  'AMBER+STRICT': '#FFC000',
  RED: '#FF2B2B',
};

/** A TLP label (`TLP:AMBER+STRICT`) with who may read it on hover. */
export function TlpBadge({ tlp }: { tlp: TlpLevel }) {
  return (
    <Tooltip label={TLP_MEANING[tlp]}>
      <Badge
        radius="sm"
        variant="filled"
        color="#000000"
        style={{ color: COLOURS[tlp], fontFamily: 'monospace' }}
        data-testid="tlp"
      >
        TLP:{tlp}
      </Badge>
    </Tooltip>
  );
}
