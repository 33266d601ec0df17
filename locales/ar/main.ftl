app-name = migrant-desk
app-tagline = مكتب المهاجرين
skip-to-content = الانتقال إلى المحتوى

nav-home = الرئيسية
nav-people = الأشخاص
nav-referrals = الإحالات
nav-follow-ups = المتابعات
nav-attention = للمراقبة
nav-reports = التقارير
nav-admin = الإدارة
nav-sign-out = تسجيل الخروج
nav-language = اللغة

language-fr = Français
language-ar = العربية
language-en = English

login-title = تسجيل الدخول
login-email = البريد الإلكتروني
login-password = كلمة المرور
login-submit = دخول
login-invalid = البريد الإلكتروني أو كلمة المرور غير صحيحة.
login-throttled = محاولات كثيرة جدًا. أعد المحاولة بعد { $minutes ->
    [zero] أقل من دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقة
   *[other] { $minutes } دقيقة
}.
login-expired = انتهت جلستك: سجّل الدخول من جديد.

home-title = مرحبًا، { $name }
home-role = الدور: { $role }
home-follow-ups-due = متابعاتي المستحقة
home-open-cases = ملفاتي المفتوحة
home-overdue-referrals = إحالات متأخرة
home-inbox = الإحالات الواردة
home-inbox-pending = جديدة
home-inbox-accepted = مقبولة
home-inbox-overdue = متأخرة
home-reports = الاطلاع على التقارير
home-admin = المكاتب والحسابات والدليل وسجل التدقيق
home-nothing = لا شيء حاليًا.
home-count = { $count ->
    [zero] لا عناصر
    [one] عنصر واحد
    [two] عنصران
    [few] { $count } عناصر
    [many] { $count } عنصرًا
   *[other] { $count } عنصر
}

role-admin = مسؤول
role-supervisor = مشرف
role-caseworker = مرشد اجتماعي
role-manager = مدير
role-partner = شريك

error-title = خطأ
error-forbidden = دورك لا يسمح بهذا الإجراء.
error-not-found = هذه الصفحة غير موجودة أو غير متاحة لك.
error-invalid-form = انتهت صلاحية الاستمارة أو أنها لا تأتي من هذا الموقع: أعد تحميل الصفحة وحاول مجددًا.
error-unavailable = الخدمة غير متاحة مؤقتًا: أعد المحاولة بعد لحظة.
error-internal = حدث خطأ.
error-back-home = العودة إلى الرئيسية
