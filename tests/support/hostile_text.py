"""Hostile text for the sanitizer: every trick an editor's input could carry into a page."""

from __future__ import annotations

import html


def encoded(text: str, times: int) -> str:
    for _ in range(times):
        text = html.escape(text, quote=False)
    return text


HOSTILE = [
    # script tags in many casings and shapes
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=https://evil.example/x.js></script>",
    "<script\n>alert(1)</script\n>",
    "<script/xss src=x>",
    "Teks biasa <script>alert(document.cookie)</script> lalu teks lagi.",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "<script",
    "</script><script>alert(1)</script>",
    # event handler attributes
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "<IMG SRC=x OnErRoR=alert(1)>",
    '<body onload="alert(1)">',
    '<div onmouseover="alert(1)">arahkan</div>',
    '<p style="x" onclick=alert(1)>klik</p>',
    "<details open ontoggle=alert(1)>",
    '<input autofocus onfocus="alert(1)">',
    # unsafe schemes in Markdown links and images
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](  javascript:alert(1))",
    "[klik](\njavascript:alert(1))",
    "[klik](jav&#x09;ascript:alert(1))",
    "[klik](jav&#9;ascript:alert(1))",
    "[klik](java\tscript:alert(1))",
    "[klik](&#106;avascript:alert(1))",
    "[klik](javascript&#58;alert(1))",
    "[klik](javascript&colon;alert(1))",
    "[klik](java\x00script:alert(1))",
    "[klik](\x01javascript:alert(1))",
    "[klik](<javascript:alert(1)>)",
    '[klik](javascript:alert(1) "judul")',
    "[klik](vbscript:msgbox(1))",
    "[klik](VBScript:msgbox(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klik](DATA:text/html,<script>alert(1)</script>)",
    "![gambar](javascript:alert(1))",
    "![gambar](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![gambar](  vbscript:msgbox(1))",
    "[aman](https://imigrasi.go.id) lalu [jahat](javascript:alert(1))",
    "[[nested](javascript:alert(1))](https://imigrasi.go.id)",
    "[klik](\n  javascript:alert(1)\n)",
    "[klik](javas&#99;ript:alert(1))",
    "[klik](&#x20;javascript:alert(1))",
    "[klik](%20javascript:alert(1))",
    "[klik](<java script:alert(1)>)",
    "[klik](<javascript&#58;alert(1)>)",
    "| Layanan |\n|---|\n| [klik](javascript:alert(1)) |",
    # reference-style links and autolinks
    "[klik][1]\n\n[1]: javascript:alert(1)",
    "[klik][1]\n\n[1]: <javascript:alert(1)>",
    "[klik][a]\n\n[a]:\n  JavaScript:alert(1)",
    "[klik]\n\n[klik]: vbscript:msgbox(1)",
    "![gambar][g]\n\n[g]: data:text/html,alert(1)",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    # HTML links, SVG, iframes, styles and other active content
    '<a href="javascript:alert(1)">klik</a>',
    "<a href=javascript:alert(1)>klik</a>",
    '<a href="https://imigrasi.go.id" onclick="alert(1)">resmi</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<link rel=stylesheet href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>kirim</button></form>',
    "<!-- komentar --><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?xml version='1.0'?><x/>",
    # entity-encoded tags, once and many times over
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    encoded("<script>alert(1)</script>", 3),
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    # unicode tricks
    "\u202eplh.exe\u202c <script>alert(1)</script>",
    "[\u202ekilk](javascript:alert(1))",
    "[klik](java\u200bscript:alert(1))",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "[klik](\uff4a\uff41\uff56\uff41script:alert(1))",
    "\ufeff<script>alert(1)</script>",
    # very long inputs
    "<script>alert(1)</script>" * 2_000,
    "[x](javascript:alert(1))\n" * 1_000,
    "a" * 50_000 + "<img src=x onerror=alert(1)>",
    "<" * 10_000 + "script>alert(1)",
]


SCRIPT_ENCODED_5_TIMES = encoded("<script>alert(1)</script>", 5)
IMG_ENCODED_5_TIMES = encoded('<img src=x onerror="alert(1)">', 5)
# Tricks that once got past the cleaning; kept so they never do again.
FORMER_BYPASSES = [
    SCRIPT_ENCODED_5_TIMES,
    IMG_ENCODED_5_TIMES,
    # reference-style link definitions
    "[klik][1]\n\n[1]: javascript:alert(1)",
    "[klik][a]\n\n[a]:\n  JavaScript:alert(1)",
    "[klik]\n\n[klik]: vbscript:msgbox(1)",
    "![gambar][g]\n\n[g]: data:text/html,alert(1)",
    # a backslash-escaped colon, which CommonMark reads as a plain colon
    "[klik](javascript\\:alert(1))",
    "[klik](javascript\\&#58;alert(1))",
    # an <...> target starting with whitespace, which browsers strip
    "[klik](< javascript:alert(1)>)",
    "[klik](<\tjavascript:alert(1)>)",
    "[klik](<&#32;javascript:alert(1)>)",
    "[klik](< vbscript:msgbox(1)>)",
]
CORPUS = HOSTILE + [x for x in FORMER_BYPASSES if x not in HOSTILE]
