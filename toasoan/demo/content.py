"""Demo content written for Tòa Soạn: an invented magazine's sections and stories.

None of this text comes from elsewhere; it is assembled from the phrases below
so that there are enough articles to paginate every listing.
"""

SECTIONS = [
    ("Thời sự - Chính trị", "Tin tức thời sự trong nước và hoạt động chính trị."),
    ("Xây dựng Đảng", "Công tác xây dựng, chỉnh đốn tổ chức và đội ngũ."),
    ("Kinh tế", "Sản xuất, kinh doanh, đầu tư và đời sống kinh tế."),
    ("Văn hóa - Xã hội", "Giáo dục, y tế, văn hóa và những câu chuyện đời thường."),
    ("Quốc phòng - An ninh", "Bảo vệ Tổ quốc, giữ gìn trật tự an toàn xã hội."),
    ("Quốc tế", "Thế giới và quan hệ đối ngoại."),
]

SUBSECTIONS = {
    "Xây dựng Đảng": [
        ("Công tác tổ chức", "Tổ chức bộ máy và cơ sở."),
        ("Công tác cán bộ", "Đào tạo, bồi dưỡng và sử dụng cán bộ."),
    ],
}

AUTHORS = [
    ("Lê Minh Hòa", "Phóng viên"),
    ("Nguyễn Thị Thủy", "Biên tập viên"),
    ("Trần Quốc Khánh", "Phóng viên"),
    ("Phạm Ngọc Yến", "Cộng tác viên"),
    ("Đặng Văn Đức", "Phóng viên ảnh"),
]

SUBJECTS = [
    "Đổi mới phương thức lãnh đạo",
    "Nâng cao chất lượng đội ngũ cán bộ cơ sở",
    "Chuyển đổi số ở các xã vùng cao",
    "Phát triển kinh tế hợp tác xã",
    "Giữ gìn bản sắc văn hóa làng nghề",
    "Bảo đảm an sinh xã hội cho người lao động",
    "Thu hút đầu tư vào khu công nghiệp",
    "Xây dựng nông thôn mới kiểu mẫu",
    "Hợp tác quốc tế về giáo dục",
    "Phòng, chống thiên tai ở miền Trung",
    "Đào tạo nghề cho thanh niên",
    "Khuyến khích khởi nghiệp sáng tạo",
]

PLACES = [
    "Hà Nội",
    "Thành phố Hồ Chí Minh",
    "Đà Nẵng",
    "Cần Thơ",
    "Thừa Thiên Huế",
    "Lào Cai",
    "Quảng Ninh",
    "Đắk Lắk",
]

ANGLES = [
    "kết quả bước đầu và những việc cần làm",
    "kinh nghiệm từ cơ sở",
    "nhìn lại một năm thực hiện",
    "những cách làm hay",
    "tháo gỡ khó khăn, vướng mắc",
]

OPENINGS = [
    "Sáng nay tại {place}, hội nghị bàn về {subject} đã thu hút đông đảo đại biểu "
    "từ các sở, ngành và địa phương tham dự.",
    "Trong năm qua, {place} đã triển khai nhiều giải pháp đồng bộ về {subject}, "
    "tạo chuyển biến rõ nét trong đời sống người dân.",
    "Chủ đề {subject} tiếp tục được các cấp ở {place} quan tâm, với nhiều mô "
    "hình mới được nhân rộng.",
]

SENTENCES = [
    "Theo báo cáo của ban tổ chức, nhiều chỉ tiêu đề ra đã hoàn thành vượt kế hoạch.",
    "Các đại biểu thống nhất cần tập trung vào những nhiệm vụ trọng tâm, "
    "tránh dàn trải.",
    "Người dân được tham gia góp ý ngay từ khâu xây dựng phương án.",
    "Nhiều khó khăn về nguồn lực vẫn còn, nhất là ở các xã vùng sâu, vùng xa.",
    "Lãnh đạo địa phương cam kết theo dõi sát tiến độ và báo cáo định kỳ hằng quý.",
    "Một số đơn vị đã chủ động ứng dụng công nghệ thông tin vào quản lý.",
    "Công tác kiểm tra, giám sát được tiến hành thường xuyên và công khai.",
    "Nguồn vốn hỗ trợ được phân bổ kịp thời, đúng đối tượng.",
    "Thanh niên là lực lượng nòng cốt trong nhiều phong trào thi đua.",
    "Chất lượng dịch vụ công được đánh giá cải thiện đáng kể so với năm trước.",
    "Các mô hình hiệu quả sẽ được tổng kết để nhân rộng trong thời gian tới.",
    "Việc phối hợp giữa các sở, ngành còn có lúc chưa chặt chẽ.",
]

QUOTES = [
    "Chúng tôi xác định con người là trung tâm, mọi chính sách phải hướng tới "
    "lợi ích của người dân.",
    "Làm đến đâu chắc đến đó, không chạy theo thành tích.",
    "Điều quan trọng nhất là giữ được niềm tin của nhân dân.",
]

CAPTIONS = [
    "Quang cảnh hội nghị.",
    "Các đại biểu trao đổi bên lề hội nghị.",
    "Người dân tham gia buổi đối thoại tại nhà văn hóa thôn.",
    "Một góc khu sản xuất mới đưa vào hoạt động.",
]

TAGS = [
    "chuyển đổi số",
    "cán bộ",
    "nông thôn mới",
    "an sinh xã hội",
    "giáo dục",
    "hội nghị",
    "đầu tư",
    "văn hóa",
]
