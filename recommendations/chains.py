"""Recurrence chains: the years one recommendation was made, reworded, report after report."""


def recurrence_chain(links, pk):
    """The chain through recommendation pk, oldest first, as [(id, year), ...].

    links are (id, year, carried_over_from_id) of the country's recommendations, read in one
    query; the walk is in Python so the page's query count does not grow with the chain.
    Backwards follows carried_over_from; forwards takes the earliest repeat (links are one to
    one, but the earliest wins if data says otherwise). A cycle in bad data ends the walk.
    """
    year_of, parent_of, children_of = {}, {}, {}
    for rec_id, year, parent_id in links:
        year_of[rec_id] = year
        parent_of[rec_id] = parent_id
        if parent_id is not None:
            children_of.setdefault(parent_id, []).append((year, rec_id))
    if pk not in year_of:
        return []
    chain, seen = [pk], {pk}
    current = parent_of[pk]
    while current in year_of and current not in seen:
        chain.insert(0, current)
        seen.add(current)
        current = parent_of[current]
    current = pk
    while children_of.get(current):
        current = min(children_of[current])[1]
        if current in seen:
            break
        chain.append(current)
        seen.add(current)
    return [(rec_id, year_of[rec_id]) for rec_id in chain]
