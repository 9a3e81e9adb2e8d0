"""The service's routes, one module per area (the shape of the FastAPI full-stack template's
api/routes/); what they are given is in central/deps.py, and central/main.py includes these two
routers in the app.

`api`: the laptops' API (/v1/...), JSON, in the OpenAPI schema, its request bodies capped and
gzip-aware (central/limits.py, CappedRoute). `web`: the dashboard's pages, HTML, left out of the
schema."""

from fastapi import APIRouter

from central.routes import (
    admin,
    downloads,
    drill,
    enrolment,
    figures,
    login,
    pages,
    records,
    sync,
    targets,
    updates,
)

api = APIRouter()
api.include_router(enrolment.router)
api.include_router(sync.router)
api.include_router(records.router)
api.include_router(updates.router)
api.include_router(figures.router)

web = APIRouter()
web.include_router(login.router)
web.include_router(pages.router)
web.include_router(downloads.router)
web.include_router(drill.router)
web.include_router(admin.router)
web.include_router(targets.router)
