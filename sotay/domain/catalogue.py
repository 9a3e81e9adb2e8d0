"""Seed catalogues. Names are Vietnamese data (what the commune reports), not UI strings."""

from sotay.domain.fields import catalogue_id as seed_id  # the same ids as the commune's

__all__ = ["SEED_SERVICES", "SEED_TOPICS", "seed_id"]


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
