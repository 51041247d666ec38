<?xml version="1.0" encoding="utf-8"?>
<!-- Shows the site's Atom feeds (feed.xml, feed-archive/N.xml, <province>/feed.xml) as a readable page when a
     browser opens them: what a feed is, each report with its date and link, the archive pages. No script. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:a="http://www.w3.org/2005/Atom" exclude-result-prefixes="a">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/a:feed">
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="a:title"/></title>
        <style>
          body { font: 16px/1.7 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0 auto;
                 max-width: 46rem; padding: 1rem; color: #1b1b1b; }
          .about { background: #f3f6fa; border-left: 4px solid #1f5fa8; padding: .6rem 1rem; }
          ol { padding-left: 1.4rem; } li { margin: .8rem 0; }
          a { color: #1f5fa8; } .meta { color: #555; font-size: .9rem; }
          nav a { display: inline-block; min-height: 44px; line-height: 44px; margin-right: 1rem; }
        </style>
      </head>
      <body>
        <h1><xsl:value-of select="a:title"/></h1>
        <p class="about">这是订阅源（Atom）：把本页地址添加到 RSS 阅读器，即可收到新发布的报告。
          <a href="{a:link[@rel='alternate']/@href}">返回网站</a></p>
        <nav aria-label="订阅源分页">
          <xsl:if test="a:link[@rel='current']"><a href="{a:link[@rel='current']/@href}">最新发布</a></xsl:if>
          <xsl:if test="a:link[@rel='prev-archive']"><a href="{a:link[@rel='prev-archive']/@href}">更早的报告</a></xsl:if>
          <xsl:if test="a:link[@rel='next-archive']"><a href="{a:link[@rel='next-archive']/@href}">较新的报告</a></xsl:if>
        </nav>
        <ol>
          <xsl:for-each select="a:entry">
            <li>
              <a href="{a:link/@href}"><xsl:value-of select="a:title"/></a>
              <div class="meta"><xsl:value-of select="a:summary"/></div>
            </li>
          </xsl:for-each>
        </ol>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
