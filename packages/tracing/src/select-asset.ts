import type { ChainId } from './chains.js';
import type { AssetInfo, TransferGraph } from './transfer-graph.js';

/**
 * Picks the asset to work on: the one named, or the only one in the graph. Taint never moves
 * between assets, so a graph holding several needs an explicit choice.
 *
 * @example
 * selectAsset(graph, { chain: 'tron', asset: 'USDT' }).decimals; // 6
 */
export function selectAsset(
  graph: TransferGraph,
  choice: { chain?: ChainId | undefined; asset?: string | undefined },
): AssetInfo {
  const available = graph.assets.map((a) => `${a.chain}:${a.symbol}`).join(', ') || 'none';
  if (choice.asset !== undefined) {
    const symbol = choice.asset.toUpperCase();
    const matches = graph.assets.filter(
      (a) => a.symbol === symbol && (choice.chain === undefined || a.chain === choice.chain),
    );
    if (matches.length === 1) return matches[0] as AssetInfo;
    if (matches.length === 0) {
      throw new Error(
        `No transfers of ${choice.chain ? `${choice.chain}:` : ''}${symbol} in the data (available: ${available})`,
      );
    }
    throw new Error(
      `${symbol} exists on several chains (${available}): name the chain too, e.g. tron:${symbol}`,
    );
  }
  const candidates = graph.assets.filter(
    (a) => choice.chain === undefined || a.chain === choice.chain,
  );
  if (candidates.length === 1) return candidates[0] as AssetInfo;
  if (candidates.length === 0)
    throw new Error(
      `No transfers in the data${choice.chain ? ` on ${choice.chain}` : ''} (available: ${available})`,
    );
  throw new Error(
    `The data holds several assets (${available}): choose one, e.g. ${candidates[0]?.chain}:${candidates[0]?.symbol}`,
  );
}
