"""A corpus of script-injection vectors in the style of the OWASP XSS filter-evasion cheat sheet.

Each vector is delivered through every channel a submission has (HTML page, Word hyperlink, Markdown body and
front matter, text file) by tests/test_security.py; none may survive into the built site as live markup.
"""

from __future__ import annotations

# Markup and attribute vectors: dangerous if they reach the page as HTML.
MARKUP = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<ScRiPt>alert(String.fromCharCode(88,83,83))</sCrIpT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert(&quot;XSS&quot;)>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<BODY ONLOAD=alert('XSS')>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<form action="javascript:alert(1)"><button>提交</button></form>',
    '<div style="background-image: url(javascript:alert(1))">x</div>',
    "<div style=\"width: expression(alert('XSS'));\">x</div>",
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="jav&#x09;ascript:alert(1)">点我</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">点我</a>',
    '<a href=" &#14;  javascript:alert(1)">点我</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TD>x</TD></TABLE>",
    '"><script>alert(1)</script>',
    "'--></style></script><script>alert(1)</script>",
    '<base href="javascript:alert(1)//">',
]

# Link targets: dangerous if they become the href of a clickable link.
LINK_TARGETS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\nscript:alert(1)",
    "java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "javascript&colon;alert(1)",
]

# Markdown syntax that would make links or images if written through unescaped.
MARKDOWN = [
    "[点我](javascript:alert(1))",
    "[点我](  javascript:alert(1) )",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[a]: javascript:alert(1)\n\n[a]",
    '{: onclick="alert(1)" }',
]

ALL = MARKUP + LINK_TARGETS + MARKDOWN
