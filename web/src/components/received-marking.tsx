/**
 * A received record's marking as the API gives it, `SECRET [סודי]`: the local marking, the originator's
 * own in brackets. The originator's part is isolated for the bidi algorithm, so that a Hebrew or Arabic
 * marking inside a French one (or the reverse) keeps its brackets where they belong.
 */
export function ReceivedMarkingText({ marking }: { marking: string }) {
  const m = /^(.*) \[(.*)\]$/s.exec(marking);
  if (!m) return <bdi>{marking}</bdi>;
  return (
    <>
      <bdi>{m[1]}</bdi> [<bdi>{m[2]}</bdi>]
    </>
  );
}
