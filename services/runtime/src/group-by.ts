// Items grouped by a key, each group in the items' order. Appends in place: the
// spread-per-item form (`map.set(k, [...(map.get(k) ?? []), item])`) copies each
// group on every item, quadratic in a group's size, and a chunk's replies to one
// topic are a group of hundreds.
export function groupBy<K, V>(items: Iterable<V>, key: (item: V) => K): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
