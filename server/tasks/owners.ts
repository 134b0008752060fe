/**
 * The person an action item's owner field names: typed by hand, so matched on the whole name or
 * e-mail address (any case, an @ in front allowed). A name two people share names nobody.
 */
export function ownerOf(people: Array<{ id: string; name: string; email: string }>, owner: string): string | null {
  const wanted = owner.replace(/^@/, '').trim().toLocaleLowerCase('nb');
  const found = people.filter((m) => m.name.trim().toLocaleLowerCase('nb') === wanted || m.email === wanted);
  return found.length === 1 ? found[0]!.id : null;
}
