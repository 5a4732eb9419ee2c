"""Site: the public site's one look (zh-CN pages, no login, no JavaScript): page blueprints, templates, the
stylesheet and server-side charts."""
