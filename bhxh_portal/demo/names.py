"""Names and places the generated people and employers are drawn from."""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Names and places
# ---------------------------------------------------------------------------------------------
FAMILY_NAMES = [  # (north and centre, south, weight in ‰)
    ("Nguyễn", "Nguyễn", 380),
    ("Trần", "Trần", 110),
    ("Lê", "Lê", 95),
    ("Phạm", "Phạm", 70),
    ("Hoàng", "Huỳnh", 50),
    ("Phan", "Phan", 45),
    ("Vũ", "Võ", 40),
    ("Đặng", "Đặng", 21),
    ("Bùi", "Bùi", 20),
    ("Đỗ", "Đỗ", 14),
    ("Hồ", "Hồ", 13),
    ("Ngô", "Ngô", 13),
    ("Dương", "Dương", 10),
    ("Lý", "Lý", 5),
]
SOUTHERN_PROVINCES = {"48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86", "91", "92", "96"}
MIDDLE_MALE = ["Văn"] * 6 + ["Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Quốc", "Trọng", "Gia"]
MIDDLE_FEMALE_OLDER = ["Thị"] * 8 + ["Ngọc", "Thu", "Thanh", "Kim", "Hồng"]
MIDDLE_FEMALE_YOUNGER = ["Thị"] * 2 + ["Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Phương", "Bảo", "Khánh", "Quỳnh"]
SECOND_MIDDLE_FEMALE = ["Thu", "Lan", "Ngọc", "Hải", "Thanh", "Kim", "Mai", "Diệu"]
GIVEN_MALE = (
    "An Bình Dũng Hùng Nam Quân Tuấn Hải Long Sơn Khánh Phúc Trung Cường Đạt Hiếu Thắng Việt Vinh Huy "
    "Minh Đức Kiên Toàn Lâm Tùng Thành Hoàng Phong Duy"
).split()
GIVEN_FEMALE = (
    "An Chi Hà Hạnh Lan Linh Mai Phương Thảo Trang Hương Nhung Hoa Yến Vân Thủy Hằng Ngân Oanh Tâm "
    "Anh Nga Huyền Dung Giang Ly My Ngọc Quỳnh Trâm"
).split()
PLACE_NAMES = (
    "Hòa Bình|Tân Phú|An Lạc|Phú Mỹ|Thạnh Xuân|Quang Trung|Hồng Hà|Bình Minh|Đông Hưng|Tây Sơn|Nam Sơn|"
    "Phước Long|Tân Định|Yên Hòa|Long Biên|Thanh Khê|Ninh Kiều|Vĩnh Hải|Hưng Phú|Xuân Hòa|Tân Thành|An Khánh"
).split("|")
STREETS = "Lê Lợi|Trần Hưng Đạo|Nguyễn Trãi|Hai Bà Trưng|Lý Thường Kiệt|Quang Trung|Hùng Vương|Điện Biên Phủ".split("|")
BRANDS = (
    "Phú Thịnh|An Phát|Minh Long|Thành Công|Sao Việt|Hưng Thịnh|Đại Dương|Tân Tiến|Việt Tiến|Hồng Hà|"
    "Trường Sơn|Bình Minh|Kim Long|Nam Á|Đông Á|Hoàng Gia|Phương Nam|Thiên Long|Gia Phát|Tiến Phát|"
    "Phúc Lộc|Hòa Phát|Vạn Xuân|Ánh Dương|Sông Hồng|Cửu Long|Thái Bình Dương|Lạc Hồng|Tân Hoàng|Mê Kông"
).split("|")
# (sector, job titles, titles that are heavy or hazardous work)
SECTORS = [
    ("May mặc", ["Công nhân may", "Tổ trưởng chuyền may", "Nhân viên kiểm hàng", "Kế toán"], set()),
    ("Điện tử", ["Công nhân lắp ráp", "Kỹ thuật viên", "Kỹ sư sản xuất", "Nhân viên kho"], set()),
    ("Cơ khí", ["Thợ hàn", "Thợ tiện", "Kỹ sư cơ khí", "Công nhân vận hành máy"], {"Thợ hàn"}),
    (
        "Xây dựng",
        ["Công nhân xây dựng", "Kỹ sư xây dựng", "Giám sát công trình", "Lái máy xúc"],
        {"Công nhân xây dựng"},
    ),
    (
        "Thực phẩm",
        ["Công nhân chế biến", "Nhân viên kiểm soát chất lượng", "Nhân viên kinh doanh", "Lái xe giao hàng"],
        set(),
    ),
    ("Thủy sản", ["Công nhân chế biến thủy sản", "Nhân viên kho lạnh", "Kế toán"], set()),
    ("Vận tải", ["Lái xe", "Nhân viên điều phối", "Phụ xe", "Kế toán"], set()),
    ("Phần mềm", ["Lập trình viên", "Kiểm thử phần mềm", "Chuyên viên phân tích", "Trưởng nhóm kỹ thuật"], set()),
    ("Thương mại", ["Nhân viên bán hàng", "Thu ngân", "Quản lý cửa hàng", "Nhân viên kho"], set()),
    ("Da giày", ["Công nhân may mũ giày", "Công nhân đế giày", "Tổ trưởng sản xuất"], set()),
    ("Chế biến gỗ", ["Công nhân chế biến gỗ", "Thợ mộc", "Nhân viên kỹ thuật"], set()),
    ("Logistics", ["Nhân viên giao nhận", "Nhân viên kho", "Điều phối vận tải"], set()),
]
COAL_SECTOR = (
    "Khai thác than",
    ["Thợ lò", "Công nhân cơ điện mỏ", "Công nhân vận tải mỏ"],
    {"Thợ lò", "Công nhân cơ điện mỏ"},
)
PUBLIC_BODIES = [  # (name pattern, job titles) of public employers (unit group HC)
    ("Ủy ban nhân dân phường {place}", ["Chuyên viên", "Cán bộ địa chính", "Văn thư"]),
    ("Trường Trung học phổ thông {place}", ["Giáo viên", "Nhân viên thư viện", "Kế toán"]),
    ("Trường Tiểu học {place}", ["Giáo viên", "Nhân viên y tế học đường"]),
    ("Trung tâm Y tế khu vực {place}", ["Bác sĩ", "Điều dưỡng", "Dược sĩ"]),
    ("Sở Tài chính {province}", ["Chuyên viên", "Kế toán"]),
]
SKILLED_WORDS = ("Kỹ sư", "Lập trình", "Trưởng", "Quản lý", "Chuyên viên", "Bác sĩ", "Giám sát")
PHONE_PREFIXES = "032 033 034 035 036 037 038 039 070 076 077 078 079 081 082 083 084 085 086 088 089 090 091 093 094 096 097 098".split()
# Approximate population after the 2025 merger (×100,000): where people live and firms are.
PROVINCE_WEIGHT = {
    "01": 87, "04": 6, "08": 19, "11": 7, "12": 5, "14": 13, "15": 18, "19": 18, "20": 8, "22": 14, "24": 36,
    "25": 40, "31": 47, "33": 36, "37": 44, "38": 43, "40": 38, "42": 16, "44": 19, "46": 14, "48": 31, "51": 22,
    "52": 36, "56": 22, "66": 33, "68": 39, "75": 45, "79": 140, "80": 33, "82": 44, "86": 43, "91": 50, "92": 42,
    "96": 26,
}  # fmt: skip
INDUSTRIAL_PULL = {"79": 20, "01": 16, "24": 18, "75": 16, "31": 14, "48": 12, "33": 12, "80": 12}  # ×10
INDUSTRIAL_HUBS = ["79", "01", "24", "75", "31"]
MOUNTAIN_PROVINCES = {"04", "08", "11", "12", "14", "15", "20"}
REGION_WEIGHTS = {  # minimum-wage region mix (I, II, III, IV) of employers by province
    "big_city": (70, 20, 10, 0),
    "industrial": (40, 40, 20, 0),
    "urban": (10, 50, 30, 10),
    "rural": (0, 15, 45, 40),
    "mountain": (0, 5, 35, 60),
}
REGIONS = ("I", "II", "III", "IV")


def _weight(code: str) -> int:
    return PROVINCE_WEIGHT.get(code, 20)


def _province_class(code: str) -> str:
    if code in {"01", "79"}:
        return "big_city"
    if code in {"31", "75", "24"}:
        return "industrial"
    if code in {"48", "92", "22", "56", "33", "46"}:
        return "urban"
    if code in MOUNTAIN_PROVINCES:
        return "mountain"
    return "rural"
