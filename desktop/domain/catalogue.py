"""Seed catalogues. Names are Vietnamese data (what the commune reports), not UI strings."""

import uuid

# Seed items get the same id on every laptop, so that the team's laptops, once synced, share
# one catalogue instead of one copy each.
_SEED_NAMESPACE = uuid.UUID("5b1f6a52-4f0e-4d2e-9a57-2f1c3d0e8b11")


def seed_id(kind: str, name: str) -> str:
    return str(uuid.uuid5(_SEED_NAMESPACE, f"{kind}:{name}"))


SEED_TOPICS: tuple[str, ...] = (
    "Kích hoạt và sử dụng VNeID mức 2",
    "Dịch vụ công trực tuyến",
    "Thanh toán không dùng tiền mặt",
    "An toàn thông tin và phòng chống lừa đảo trực tuyến",
    "Kỹ năng số cơ bản",
    "Ứng dụng VssID / sổ sức khỏe điện tử",
    "Thương mại điện tử",
    "Trí tuệ nhân tạo cơ bản",
)

SEED_SERVICES: tuple[str, ...] = (
    "Kích hoạt VNeID mức 2",
    "Nộp hồ sơ dịch vụ công trực tuyến",
    "Mở tài khoản / thanh toán không dùng tiền mặt",
    "Cài đặt và hướng dẫn ứng dụng",
    "Nhận diện lừa đảo",
    "Khác",
)
