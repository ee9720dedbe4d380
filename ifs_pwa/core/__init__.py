"""The landing page for visitors, the about page and health checks: no single domain's."""
