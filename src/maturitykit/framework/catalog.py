"""The bundled frameworks as a catalogue."""

from __future__ import annotations

from maturitykit.framework.loader import bundled_paths, read_framework


def bundled_summaries() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for ref, _path in bundled_paths().items():
        loaded = read_framework(ref)
        fw = loaded.framework
        if fw is None:
            rows.append({"id": ref, "title": "(invalid: run maturity framework lint)", "version": "", "items": 0, "scale": ""})
            continue
        scale = f"{fw.default_scale.levels[0].value}-{fw.default_scale.levels[-1].value} ({', '.join(lv.label for lv in fw.default_scale.levels)})"
        rows.append({"id": fw.id, "title": fw.title, "version": fw.version, "items": len(fw.items()), "scale": scale})
    return rows
