"""The stylesheet of pages the kit renders without a kernel (the static showcase): the same
classes as the dashboards' cards, badges, tags and timelines, and a page frame that works at
390 px wide as on a desktop.

Sides are logical (``inline-start``, ``start``) so a right-to-left page mirrors by itself. The
font stack (:data:`FONTS`, shared with the dashboards) names Noto Sans Arabic and Noto Sans CJK
before the system's fallbacks, so Arabic and Chinese render with real glyphs wherever those
fonts are installed (Debian: ``fonts-noto-core``, ``fonts-noto-cjk``)."""

#: Font stacks: the interface's, and one per script the kit's languages use (``:lang()``).
FONTS = """
:root{--h4og-font:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans Arabic","Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif}
:lang(ar){--h4og-font:"Noto Sans Arabic","Noto Naskh Arabic","Segoe UI",Tahoma,"Geeza Pro",system-ui,sans-serif}
:lang(zh){--h4og-font:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei","Source Han Sans SC",system-ui,sans-serif}
"""

PAGE_CSS = FONTS + """
body{font-family:var(--h4og-font);margin:0;background:#f6f6f3;color:#1d1d1b}
header{background:#1d3557;color:#fff;padding:1.5rem 2rem}
header p{margin:.3rem 0 0;opacity:.85}
nav a{color:#fff;margin-inline-end:1rem}
main{padding:1rem 2rem;max-width:80rem}
section{margin-bottom:2rem}
footer{padding:1rem 2rem;color:#666;font-size:.85rem}
@media (max-width:30rem){header,main,footer{padding-inline:1rem}}
.h4og-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(18rem,100%),1fr));gap:1rem}
.h4og-card{background:#fff;border-radius:.5rem;padding:.8rem 1rem;box-shadow:0 1px 3px #0002;overflow-wrap:anywhere}
.h4og-card.h4og-featured{border:2px solid #e63946}
.h4og-card h3{margin:.1rem 0 .4rem;font-size:1.1rem}
.h4og-card p{margin:.25rem 0;line-height:1.4}
.h4og-meta{color:#555;font-size:.9rem;margin:.2rem 0}
.h4og-desc{white-space:pre-wrap;font-size:.92rem}
.h4og-quality-details{margin:.4rem 0}
.h4og-quality-details>summary{cursor:pointer;color:#555}
.h4og-quality-details.h4og-flagged>summary{color:#9a3412;font-weight:600}
.h4og-quality-details .h4og-table{display:block;overflow-x:auto;max-width:100%}
.h4og-tag{display:inline-block;background:#e9ecef;border-radius:1rem;padding:0 .5rem;margin:.1rem;font-size:.8rem}
.h4og-badge{display:inline-block;border-radius:.3rem;padding:0 .4rem;font-size:.8rem;background:#dee2e6;color:#1d1d1b}
.h4og-badge-public-domain{background:#2a9d8f;color:#fff}
.h4og-badge-open{background:#457b9d;color:#fff}
.h4og-badge-restricted{background:#e9c46a}
.h4og-badge-in-copyright{background:#e76f51;color:#fff}
.h4og-badge-unknown{background:#adb5bd}
.h4og-thumb{max-width:100%;max-height:10rem;object-fit:cover;border-radius:.3rem}
.h4og-timeline{list-style:none;display:flex;flex-wrap:wrap;gap:2px;padding:0;margin:.4rem 0}
.h4og-timeline li{flex:1 1 0;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;overflow-wrap:normal;font-size:.62rem;text-align:center;background:#dee2e6;padding:.15rem .05rem}
.h4og-timeline li.h4og-done{background:#2a9d8f;color:#fff}
.h4og-moves{font-size:.8rem;color:#555;margin:0 0 .3rem}
"""
