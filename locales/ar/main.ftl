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

people-title = الأشخاص
people-search = البحث عن اسم (بالحروف اللاتينية أو العربية)
people-search-submit = بحث
people-new = تسجيل شخص
people-none = لم يُعثر على أحد.
people-more = التالي
people-born = من مواليد
register-title = تسجيل شخص
register-given-name = الاسم الشخصي
register-family-name = الاسم العائلي
register-name-ar = الاسم بالعربية
register-sex = الجنس
register-birth-date = تاريخ الازدياد
register-birth-year = سنة الازدياد التقديرية
register-nationality = الجنسية (رمز ISO، مثلًا SN)
register-phone = الهاتف
register-district = الحي
register-legal-status = الوضعية القانونية
register-arrival-date = تاريخ الوصول
register-vulnerabilities = أوجه الهشاشة
register-consents = الموافقات المحصَّلة
register-submit = تسجيل
register-duplicates = هؤلاء الأشخاص المسجلون يشبهون هذا الشخص كثيرًا. افتح ملفهم أو سجّل على أي حال:
register-anyway = تسجيل على أي حال
register-likeness = التشابه
person-details = المعلومات
person-consents = الموافقات
person-consent-given = ممنوحة
person-consent-withdrawn = مسحوبة أو مرفوضة
person-history = سجل الموافقات
person-cases = الملفات
person-no-cases = لا يوجد ملف.
person-export = تصدير كل البيانات (طلب اطلاع)
person-state = حالة السجل
person-household = الأسرة

case-title = الملف
case-status = الحالة
case-priority = الأولوية
case-summary = الملخص
case-opened = فُتح في
case-services = الخدمات
case-notes = الملاحظات
case-follow-ups = المتابعات
case-referrals = الإحالات
case-none = لا شيء حاليًا.
case-person = الشخص
case-add-note = إضافة ملاحظة
case-note-text = ملاحظة
case-add-follow-up = برمجة متابعة
case-due-on = موعد الإنجاز
case-description = المطلوب
case-add-service = تسجيل خدمة
case-service-type = نوع الخدمة
case-service-status = حالة الخدمة
case-service-date = التاريخ
case-service-notes = ملاحظات
case-close = إغلاق الملف
case-closure-reason = سبب الإغلاق
case-reopen = إعادة فتح الملف
case-save = حفظ
case-done = منجز

ref-title = الإحالات
ref-pending = جديدة
ref-accepted = مقبولة
ref-closed = منجزة أو مرفوضة أو ملغاة
ref-overdue = متأخرة
ref-respond-by = الرد متوقع قبل
ref-referral = إحالة
ref-service = الخدمة المطلوبة
ref-reason = السبب
ref-urgency = الاستعجال
ref-status = الحالة
ref-history = السجل
ref-person = الشخص
ref-age = العمر
ref-no-person = لا تظهر أي معطيات شخصية لهذه الإحالة.
ref-consent-withdrawn = سحب الشخص موافقته: لم تعد أي معطيات عنه تُشارك.
ref-accept = قبول
ref-decline = رفض
ref-decline-reason = سبب الرفض
ref-complete = إنهاء
ref-outcome = النتيجة
ref-cancel = إلغاء الإحالة
ref-cancel-reason = سبب الإلغاء
ref-record-service = تسجيل الخدمة المقدمة

case-refer = إحالة إلى شريك
case-organization = الهيئة (التي تخدم هذا المكتب)
case-urgency = الاستعجال
case-share = المشاركة مع الشريك (إضافة إلى الاسم الشخصي والجنس والعمر واللغات)
case-respond-by = الرد متوقع قبل (اختياري)
case-referral-reason = سبب هذه الإحالة
share-family-name = الاسم العائلي
share-phone = الهاتف (يتطلب الموافقة على مشاركة معلومات الاتصال)
share-birth-date = تاريخ الازدياد
share-nationality = الجنسية
share-vulnerabilities = أوجه الهشاشة

report-title = التقارير
report-from = من
report-to = إلى
report-office = المكتب
report-show = عرض
report-csv-summary = تنزيل الملخص (CSV)
report-csv-monthly = تنزيل السلسلة الشهرية (CSV)
report-network = الشبكة كلها
report-total = المجموع
report-protection = تغطي التقارير أشهرًا كاملة انتهت، وتُثبَّت أرقامها عند أول نشر. يُزاح كل رقم بمقدار 2 على الأكثر، ويُنشر كل عدد أقل من { $k } على أنه 0 أو { $k }، فلا تسمح أي مجموعة من التقارير بتمييز شخص.
report-chart-desc = العدد حسب الفئة، الفترة { $period }؛ العمود المخطط خانة محمية (أقل من العتبة)، وليس صفرًا أبدًا.
report-monthly-desc = الخدمات المقدمة شهريًا، الفترة { $period }، بالترتيب الزمني؛ العمود المخطط خانة محمية.
report-monthly-services = الخدمات المقدمة شهريًا
report-fewer-than = أقل من { $k }
report-migrants-registered-by-sex = الأشخاص المسجلون حسب الجنس
report-migrants-registered-by-age-band = الأشخاص المسجلون حسب العمر
report-migrants-registered-by-nationality = الأشخاص المسجلون حسب الجنسية
report-migrants-registered-by-legal-status = الأشخاص المسجلون حسب الوضعية القانونية
report-migrants-registered-by-vulnerability = الأشخاص المسجلون حسب الهشاشة
report-cases = الملفات
report-services-delivered-by-type = الخدمات المقدمة حسب النوع
report-services-delivered-by-provider = الخدمات المقدمة حسب مقدم الخدمة
report-referrals-by-status = الإحالات حسب الحالة
report-referrals-by-organization = الإحالات حسب الهيئة
report-referrals = الإحالات

admin-title = الإدارة
admin-offices = المكاتب
admin-users = الحسابات
admin-directory = دليل الشركاء
admin-audit = سجل التدقيق
admin-new-user = إنشاء حساب
admin-email = البريد الإلكتروني
admin-full-name = الاسم الكامل
admin-role = الدور
admin-office = المكتب (أدوار المكتب)
admin-organization = الهيئة (الشركاء)
admin-password = كلمة المرور الأولية
admin-create = إنشاء
admin-deactivate = تعطيل
admin-inactive = معطل
admin-none = —
audit-verify-ok = سلسلة التدقيق سليمة: تم التحقق من { $checked } مدخلات.
audit-verify-broken = سلسلة التدقيق مقطوعة عند المدخل { $seq }.
audit-at = متى
audit-action = الإجراء
audit-entity = السجل
audit-role = الدور

person-merge = دمج في هذا السجل
person-merge-help = هؤلاء الأشخاص المسجلون يشبهون هذا الشخص. الدمج ينقل ملفاتهم وموافقاتهم إلى هنا ويسحب السجل الآخر.
person-anonymise = إخفاء الهوية (لا رجعة فيه)
person-anonymise-help = يمحو ما يحدد هوية الشخص؛ وتُحفظ أرقام التقارير.

case-assign = إسناد إلى
case-assign-submit = إسناد
case-transfer = تحويل إلى المكتب
case-transfer-submit = تحويل

nav-organization = هيئتي
org-description = الوصف
org-services = الخدمات
org-keys = مفاتيح الواجهة البرمجية
org-key-name = الغرض من المفتاح
org-new-key = إنشاء مفتاح
org-revoke = إلغاء
org-revoked = ملغى
org-key-once = انسخ هذا المفتاح الآن: لن يُعرض مرة أخرى.
org-deliveries = إرسالات الويب هوك
org-name = الاسم
org-acronym = الاختصار
org-contact-email = البريد الإلكتروني للتواصل
org-contact-phone = هاتف التواصل
org-address = العنوان
org-website = الموقع الإلكتروني
org-languages = اللغات المستعملة
org-webhook-url = عنوان الويب هوك (https)
org-kind = النوع
org-offices-served = المكاتب المخدومة
org-has-capacity = تقبل إحالات جديدة حاليًا
org-active = نشطة في الدليل (تتلقى إحالات)
org-save = حفظ
org-inactive = هذه المنظمة معطلة: لا تتلقى أي إحالة. لا يمكن إعادة تفعيلها إلا من قبل مسؤول.
org-profile = البطاقة في الدليل
org-webhook = الويب هوك
org-webhook-help = تُوقَّع الأحداث بـ HMAC-SHA256 باستخدام سر التوقيع. يحل السر الجديد محل القديم فورًا.
org-rotate-secret = إصدار سر توقيع جديد
org-secret-once = انسخ سر التوقيع هذا الآن: لن يُعرض مرة أخرى.
admin-new-organization = إضافة منظمة
admin-new-office = إضافة مكتب
office-code = الرمز (3 أحرف، مثل RBA)
office-name = الاسم
office-city = المدينة
office-country = البلد
admin-edit = تعديل
admin-active = نشط (يمكنه تسجيل الدخول)
admin-new-password = كلمة مرور جديدة (اتركها فارغة للإبقاء عليها)
person-open-case = فتح ملف
attention-inactive_case = ملف مفتوح دون نشاط منذ
attention-overdue_follow_up = متابعة متأخرة، كانت مقررة في
attention-overdue_referral = إحالة دون رد في الأجل، كان متوقعًا في
attention-vulnerable_without_service = شخص في وضعية هشاشة دون خدمة حديثة
attention-document_expiring = وثيقة تنتهي صلاحيتها في

account-password-title = تغيير كلمة المرور
account-password-required = عيّن مسؤولٌ كلمة مرورك: اختر كلمتك الخاصة قبل المتابعة.
account-password-current = كلمة المرور الحالية
account-password-new = كلمة المرور الجديدة
account-password-help = ‏12 حرفًا على الأقل؛ تصلح بضع كلمات لا رابط بينها. تُرفض كلمات المرور الشائعة أو السهلة التخمين.
account-password-submit = تغيير كلمة المرور وتسجيل الدخول من جديد
nav-password = كلمة مروري

login-mfa-title = الخطوة الثانية
login-mfa-code = الرمز
login-mfa-help = الأرقام الستة التي يعرضها تطبيق المصادقة الآن، أو أحد رموز الاسترداد.
login-mfa-invalid = الرمز خاطئ أو سبق استعماله.
account-mfa-title = تطبيق المصادقة
account-mfa-required = يجب على دورك تسجيل الدخول بتطبيق مصادقة: أعدّ واحدًا قبل المتابعة.
account-mfa-enabled = يطلب تسجيل الدخول رمزًا من تطبيق المصادقة.
account-mfa-codes-left = { $count ->
    [zero] لم يبق أي رمز استرداد.
    [one] بقي رمز استرداد واحد.
    [two] بقي رمزا استرداد.
    [few] بقيت { $count } رموز استرداد.
    [many] بقي { $count } رمز استرداد.
   *[other] بقي { $count } رمز استرداد.
}
account-mfa-scan = امسح هذا الرمز بتطبيق المصادقة (أو اكتب المفتاح أدناه)، ثم أدخل الأرقام الستة التي يعرضها.
account-mfa-qr-alt = رمز QR للمفتاح من أجل تطبيق المصادقة
account-mfa-secret = المفتاح:
account-mfa-confirm = تفعيل
account-mfa-start = إعداد تطبيق مصادقة
account-mfa-recovery = رموز الاسترداد
account-mfa-recovery-help = يتيح كل رمز تسجيل دخول واحدًا دون التطبيق. احفظها في مكان آمن: لا تُعرض إلا الآن.
account-mfa-done = تم
nav-mfa = تطبيق المصادقة

attention-account_change = حساب غيّره مسؤول
attention-account_awaiting_confirmation = حساب ينتظر تأكيدك
attention-confirm-account = تأكيد هذا الحساب

logins-title = جلسات الدخول المفتوحة
logins-browser = متصفح
logins-api = تطبيق (API)
logins-current = هذه الجلسة
logins-end = إنهاء
security-events-title = أحداث الأمان الأخيرة
security-sign_in = تسجيل دخول
security-sign_in_failed = تسجيل دخول فاشل
security-sign_in_temporary_password = تسجيل دخول بكلمة مرور عيّنها مسؤول
security-sign_in_refused = رُفض تسجيل الدخول (محاولات كثيرة)
security-sign_out = تسجيل خروج
security-account_created = إنشاء الحساب
security-account_changed = تعديل الحساب
security-api_key_created = إنشاء مفتاح API
security-by-other = ليس من طرفك

fu-which = أي متابعات
fu-due = للإنجاز
fu-overdue = متأخرة
fu-done = منجزة
fu-mine = متابعاتي
fu-office = المكتب كله
fu-mark-done = وضع علامة منجز
fu-reschedule = تأجيل
fu-new-date = تاريخ جديد
fu-see-all = عرض كل المتابعات

confirm-cancel = إلغاء
notice-transferred = تم التحويل: الملف والشخص الآن لدى مكتب { $arg }.
notice-merged = تم دمج البطاقتين: البطاقة المسحوبة تحيل الآن إلى هذه.
notice-anonymised = تمت إزالة الهوية: حُذفت البيانات الشخصية.
transfer-confirm-title = تأكيد التحويل
transfer-confirm-what = الملف { $case } الخاص بـ { $name } وكل ملفات هذا الشخص، مع خدماتها وملاحظاتها ومتابعاتها وإحالاتها، تنتقل إلى مكتب { $office }.
transfer-confirm-after = لن يتمكن مكتبكم بعد الآن من الوصول إلى هذا الشخص؛ وحده المكتب المستقبل يمكنه تحويله من جديد.
transfer-confirm-submit = التحويل إلى مكتب { $office }
merge-confirm-title = المقارنة قبل الدمج
merge-confirm-kept = البطاقة المحتفظ بها
merge-confirm-retired = البطاقة المسحوبة
merge-confirm-what = تنتقل ملفات البطاقة المسحوبة وموافقاتها إلى البطاقة المحتفظ بها؛ ثم تحيل البطاقة المسحوبة إليها.
merge-confirm-fields = تحتفظ البطاقة بقيمها؛ والحقل الفارغ (أو الوضعية «غير معروفة») يأخذ قيمة البطاقة المسحوبة.
anonymise-confirm-title = تأكيد إزالة الهوية
anonymise-confirm-what = سيُحذف نهائيًا اسم { $name } وبيانات الاتصال والوثائق والنصوص الحرة. لا شيء يسمح باسترجاعها.
anonymise-confirm-kept = تبقى الملفات والخدمات محسوبة في التقارير، دون شخص.
anonymise-type = للتأكيد، اكتبوا { $what }
anonymise-type-case = رقم آخر ملف له
anonymise-type-name = اسمه العائلي
anonymise-type-mismatch = هذا ليس النص المنتظر؛ لم يُحذف شيء.
person-state-active = نشطة
person-state-merged = مدمجة في بطاقة أخرى
person-state-anonymised = مجهولة الهوية
person-merged-into = عرض البطاقة المحتفظ بها
case-closed-on = أُغلق في
close-confirm-title = إغلاق ملف له إحالات مفتوحة
close-confirm-open = { $count ->
    [zero] لا إحالات مفتوحة:
    [one] ما تزال إحالة واحدة من هذا الملف مفتوحة:
    [two] ما تزال إحالتان من هذا الملف مفتوحتين:
    [few] ما تزال { $count } إحالات من هذا الملف مفتوحة:
    [many] ما تزال { $count } إحالة من هذا الملف مفتوحة:
   *[other] ما تزال { $count } إحالة من هذا الملف مفتوحة:
}
close-confirm-after = تبقى مفتوحة: يمكن للجمعية مواصلة مساعدة الشخص. ألغوها من صفحتها إن لم تعد لازمة.
notice-consent-recorded = سُجّلت الموافقة.
consent-state-given = ممنوحة
consent-state-withdrawn = مسحوبة أو مرفوضة
consent-state-none = لم تُطلب بعد
consent-statement-registration = يوافق الشخص على أن يسجل المكتب بياناته لمرافقته.
consent-statement-referral = يوافق الشخص على إحالته إلى جمعية شريكة ستطّلع على ما تشاركه الإحالة.
consent-statement-share_contact = يوافق الشخص على إعطاء رقم هاتفه للجمعية التي تستقبله.
consent-note = كيف ومن طرف من
consent-give = تسجيل الموافقة
consent-renew = تجديد الموافقة
consent-withdraw = سحب الموافقة
consent-refuse = تسجيل الرفض
consent-withdraw-title = سحب الموافقة على الإحالة
consent-withdraw-closes = { $count ->
    [zero] لا إحالة:
    [one] تُغلق هذه الإحالة أمام جمعيتها:
    [two] تُغلق هاتان الإحالتان أمام جمعيتيهما:
    [few] تُغلق هذه الإحالات الـ{ $count } أمام جمعياتها:
    [many] تُغلق هذه الإحالات الـ{ $count } أمام جمعياتها:
   *[other] تُغلق هذه الإحالات الـ{ $count } أمام جمعياتها:
}
consent-withdraw-after = لن ترى الشخص بعد الآن، ولن تستطيع قبول الإحالة ولا تسجيل خدمة؛ وقد أُبلغت بذلك.
err-required = هذا الحقل إلزامي.
err-date = أدخلوا تاريخًا (سنة-شهر-يوم).
err-future = لا يمكن أن يكون التاريخ في المستقبل.
err-past = يجب أن يكون التاريخ في المستقبل.
err-birth-year-mismatch = السنة لا تطابق تاريخ الميلاد.
err-not-offered = هذه الجمعية لا تقدم هذه الخدمة.
err-no-organisation = اختاروا جمعية من الدليل.
err-organisation-inactive = هذه الجمعية لم تعد نشطة.
err-not-served = هذه الجمعية لا تعمل مع هذا المكتب.
err-no-referral-consent = لم يمنح الشخص موافقته على الإحالة (أو سحبها).
err-share-contact = مشاركة الهاتف تتطلب موافقة الشخص على إعطاء بيانات الاتصال به.
err-control-characters = يحتوي هذا النص على رموز غير مرئية غير مسموح بها.
err-year = أدخلوا سنة، مثلًا 1990.
err-period-order = يجب أن تنتهي الفترة بعد بدايتها.
err-period-length = لا تتجاوز الفترة عشر سنوات.
err-unknown-field = هذا الحقل ليس جزءًا من هذه الاستمارة.
err-length = بين 1 و{ $max } حرفًا.
err-max-length = { $max } حرفًا على الأكثر.
err-not-in-list = اختاروا قيمة من القائمة.
action-anonymise = إزالة الهوية
action-create = إنشاء
action-denied = رفض الوصول
action-export = تصدير
action-login = تسجيل الدخول
action-login_failed = فشل تسجيل الدخول
action-login_temporary_password = دخول بكلمة مرور مؤقتة
action-logout = تسجيل الخروج
action-merge = دمج
action-read = اطلاع
action-transfer = تحويل
action-transition = تغيير الحالة
action-update = تعديل
entity-audit = سجل التدقيق
entity-case = ملف
entity-consent = موافقة
entity-follow_up = متابعة
entity-migrant = شخص
entity-note = ملاحظة
entity-office = مكتب
entity-organization = جمعية
entity-referral = إحالة
entity-report = تقرير
entity-service = خدمة
entity-user = حساب
ref-all = الكل
ref-which = أي إحالات
choice-unknown = غير معروفة
choice-pick = — اختر —
choice-several = يمكن اختيار أكثر من واحد (Ctrl أو ⌘ مع النقر).
register-languages = اللغات المتحدث بها
ref-name = الاسم
report-key-opened = مفتوحة
report-key-closed = مغلقة
report-key-open-at-end = مفتوحة في نهاية الفترة
report-key-overdue = متأخرة
report-key-partners-median-response-hours = المدة الوسيطة لرد الشركاء (بالساعات)
ref-slip = طباعة ورقة الإحالة
ref-organization = الجمعية
ref-office = المكتب المُحيل
ref-referred-by = من طرف
ref-shared = المعلومات المشتركة
ref-created = تاريخ الإنشاء
ref-zone = الأوقات حسب توقيت المكتب: { $zone }
ref-services-recorded = الخدمات التي سجلتها الجمعية
ref-no-services = لم تُسجَّل أي خدمة بعد.
case-referral-offer = الجمعية والخدمة
case-referral-offer-help = لا تُعرض إلا الخدمات التي تقدمها كل جمعية.
slip-title = ورقة الإحالة
slip-back = العودة إلى الإحالة
slip-reference = المرجع
slip-carry = قدّم هذه الورقة إلى الجمعية: يتيح لها المرجع العثور على الإحالة.
print-hint = اطبع بأمر الطباعة في المتصفح (Ctrl+P).
print-back = العودة إلى الملف
case-print = طباعة ملخص الملف
print-notes-left-out = { $n ->
    [zero] لا توجد ملاحظات.
    [one] ملاحظة واحدة غير مطبوعة (انظر الملف).
    [two] ملاحظتان غير مطبوعتين (انظر الملف).
    [few] { $n } ملاحظات غير مطبوعة (انظر الملف).
   *[other] { $n } ملاحظة غير مطبوعة (انظر الملف).
}
audit-actor = من
audit-anyone = الجميع
audit-any = الكل
audit-entity-id = معرّف العنصر
audit-filter = تصفية
audit-nobody = لا أحد (النظام)
people-vulnerability = الهشاشة
people-open-case = ملف مفتوح
people-open-case-yes = مع ملف مفتوح
people-open-case-no = بدون ملف مفتوح
people-first = الصفحة الأولى
consent-recorded-by = سجّله
office-time-zone = المنطقة الزمنية
office-time-zone-country = منطقة البلد
office-time-zone-help = تُعرض أوقات صفحات المكتب وإحالاته حسب هذه المنطقة.
notice-registered = تم تسجيل الشخص.
notice-case-opened = تم فتح الملف.
notice-note-added = تمت إضافة الملاحظة.
notice-follow-up-added = تمت برمجة المتابعة.
notice-service-added = تم تسجيل الخدمة.
notice-case-closed = تم إغلاق الملف.
notice-case-reopened = تمت إعادة فتح الملف.
notice-case-assigned = تم إسناد الملف.
notice-referred = أُرسلت الإحالة إلى الجمعية.
notice-follow-up-done = تم تأشير المتابعة كمنجزة.
notice-follow-up-moved = تم تغيير موعد المتابعة.
notice-account-created = تم إنشاء الحساب.
notice-account-deactivated = تم تعطيل الحساب وإغلاق جلساته.
notice-account-saved = تم حفظ الحساب.
notice-referral-saved = تم تحديث الإحالة.
notice-office-saved = تم حفظ المكتب.
notice-organization-saved = تم حفظ بطاقة الجمعية.
entity-target_list = قائمة مستهدفة
nav-target-lists = القوائم المستهدفة
target-title = القوائم المستهدفة
target-intro = من يجب أن يصل إليه التدخل: اختر المعايير، واحسب العدد، ثم احفظ القائمة. تتبع القائمة السجلات: يعاد حسابها عند كل فتح. لا يظهر فيها أبدًا من سحب موافقته على التسجيل.
target-saved = القوائم المحفوظة
target-none = لا توجد قوائم بعد.
target-people = { $count ->
    [zero] لا أحد
    [one] شخص واحد
    [two] شخصان
    [few] { $count } أشخاص
   *[other] { $count } شخصًا
}
target-new = قائمة جديدة
target-combine = الأشخاص الذين يستوفون
target-combine-all = كل المعايير المختارة
target-combine-any = معيارًا واحدًا على الأقل من المعايير المختارة
target-vulnerability = الهشاشة
target-age-band = الفئة العمرية
target-household = الأسرة
target-household-head = رب الأسرة
target-household-with_children = أسرة بها أطفال
target-service = خدمة مقدمة أو غير مقدمة
target-service-received-label = الشرط
target-service-no = لم يتلق
target-service-yes = تلقى
target-since = منذ
target-referral = الإحالة
target-referral-overdue = إحالة متأخرة
target-no-contact-label = بدون تواصل (خدمة أو ملاحظة) منذ (أيام)
target-count = احسب
target-name = اسم القائمة
target-save = احفظ القائمة
target-members = الأشخاص الموجودون اليوم
target-nobody = لا أحد يستوفي هذه المعايير اليوم.
target-reuse = استعمل هذه المعايير في قائمة جديدة
target-delete = احذف هذه القائمة
target-service-received = تلقى خدمة { $service } منذ { $since }
target-service-not-received = لم يتلق خدمة { $service } منذ { $since }
target-no-contact = بدون تواصل منذ { $days } يومًا
notice-target-list-saved = تم حفظ القائمة.
notice-target-list-deleted = تم حذف القائمة (لا تتغير السجلات).
entity-distribution = توزيع
distribution-title = تسجيل توزيع
distribution-intro = خدمة تُقدَّم لكل أشخاص القائمة اليوم، باستثناء المشار إليهم أدناه. تُسجَّل الخدمة في ملف كل واحد منهم.
distribution-place = المكان
distribution-quantity = الكمية لكل شخص
distribution-exceptions = الأشخاص الذين لم يُخدموا
distribution-served = خُدم
distribution-absent = غائب
distribution-refused = رفض
distribution-served-elsewhere = خُدم في مكان آخر
distribution-record = سجّل التوزيع
distribution-confirm-title = توزيع سبق تلقيه هذا الشهر
distribution-confirm-served = عدد الأشخاص الذين سيتلقون الخدمة: { $count }.
distribution-confirm-repeat = منهم { $count } تلقوا هذا النوع من الخدمة هذا الشهر.
notice-distribution-recorded = تم تسجيل التوزيع: عدد الأشخاص المخدومين { $arg }.
sheet-print = طباعة ورقة التوزيع
sheet-title = ورقة التوزيع
sheet-name = الاسم
sheet-household = عدد أفراد الأسرة
sheet-reference = المرجع
sheet-sign = تم التسلم (علامة أو توقيع)
sheet-date = التاريخ: { $date } · المكان: ………………
sheet-back = العودة إلى القائمة

# Imports
nav-imports = استيراد
entity-import = استيراد
import-title = استيراد جدول بيانات
import-intro = أدخلوا الأشخاص المسجلين في جدولكم (CSV أو Excel). لا يُنشأ أي شيء قبل أن تتحققوا من كل سطر وتختاروا الاستيراد.
import-upload = إرسال ملف
import-file = الملف
import-file-help = ملف CSV (UTF-8 أو Windows-1252، مفصول بفواصل أو فواصل منقوطة) أو Excel (.xlsx)، 50 ميغابايت و100000 سطر على الأكثر. السطر الأول يسمي الأعمدة.
import-send = إرسال
import-demo-title = التجربة بجدول العرض
import-demo-intro = 300 شخص وهمي، مع الأخطاء التي تحملها الملفات الحقيقية.
import-demo-download = تنزيل جدول العرض
import-demo-use = استيراد جدول العرض
import-history = عمليات استيراد المكتب
import-none = لا يوجد استيراد بعد.
import-uploaded-at = أُرسل في
import-rows = الأسطر
import-state = الحالة
import-state-uploaded = في الانتظار
import-state-imported = تم الاستيراد
import-state-discarded = تم التخلي عنه
import-created = { $count ->
    [zero] لم يُنشأ أحد
    [one] أُنشئ شخص واحد
    [two] أُنشئ شخصان
    [few] أُنشئ { $count } أشخاص
   *[other] أُنشئ { $count } شخصًا
}
import-rows-count = { $count ->
    [zero] لا أسطر
    [one] سطر واحد
    [two] سطران
    [few] { $count } أسطر
   *[other] { $count } سطرًا
}
import-mapping = الأعمدة
import-mapping-intro = لكل حقل، اختاروا عمود الملف الذي يحتويه. سيحتفظ المكتب بهذا الاختيار للملف القادم.
import-no-column = — لا عمود —
import-check = حفظ والتحقق من كل سطر
import-report-check = التحقق
import-report-done = تم الاستيراد
import-valid = { $count ->
    [zero] لا سطر صحيح
    [one] سطر صحيح واحد
    [two] سطران صحيحان
    [few] { $count } أسطر صحيحة
   *[other] { $count } سطرًا صحيحًا
}
import-problems = { $count ->
    [zero] لا مشكلة
    [one] مشكلة واحدة
    [two] مشكلتان
    [few] { $count } مشاكل
   *[other] { $count } مشكلة
}
import-duplicates = { $count ->
    [zero] لا تكرار محتمل
    [one] تكرار محتمل واحد
    [two] تكراران محتملان
    [few] { $count } تكرارات محتملة
   *[other] { $count } تكرارًا محتملًا
}
import-already = { $count ->
    [zero] لا سطر مستورد من قبل
    [one] سطر واحد مستورد من قبل
    [two] سطران مستوردان من قبل
    [few] { $count } أسطر مستوردة من قبل
   *[other] { $count } سطرًا مستوردًا من قبل
}
import-problem-list = أسطر يجب تصحيحها
import-row = السطر
import-column = العمود
import-message = المشكلة
import-duplicate-list = تكرارات محتملة (لا تُستورد إلا إذا طلبتم ذلك)
import-see-person = عرض الملف
import-duplicate-row = يشبه السطر { $arg }
import-duplicate-person = يشبه شخصًا مسجلًا من قبل
import-report-download = تنزيل التقرير (CSV)
import-run = الاستيراد
import-mode = إذا كانت في بعض الأسطر مشكلة
import-mode-all = الكل أو لا شيء: لا يُستورد شيء
import-mode-rows = سطرًا بسطر: تُستورد الأسطر الصحيحة
import-with-duplicates = استيراد التكرارات المحتملة أيضًا
import-go = استورد الآن
import-discard-intro = التخلي عن هذا الاستيراد يحذف الملف المرسل.
import-discard = التخلي عن الاستيراد
import-too-large = حجم الملف يتجاوز 50 ميغابايت.
import-refused-all-or-nothing = لم يُستورد شيء: في بعض الأسطر مشكلة. صححوها أو استوردوا سطرًا بسطر.
import-field-family-name = الاسم العائلي
import-field-given-name = الاسم الشخصي
import-field-name-ar = الاسم بالعربية
import-field-sex = الجنس
import-field-birth-date = تاريخ الازدياد
import-field-birth-year = سنة الازدياد
import-field-nationality = الجنسية
import-field-languages = اللغات المتحدث بها
import-field-phone = الهاتف
import-field-district = الحي
import-field-legal-status = الوضعية القانونية
import-field-vulnerabilities = أوجه الهشاشة
import-field-arrival-date = تاريخ الوصول
import-field-data-consent = الموافقة على التسجيل (نعم/لا)
import-field-consent-date = تاريخ الموافقة على الورق
import-field-open-case = ملف مفتوح (نعم/لا)
import-field-service-type = الخدمة المقدمة
import-field-service-date = تاريخ الخدمة
notice-import-uploaded = تمت قراءة الملف: { $arg } سطرًا. تحققوا من الأعمدة.
notice-import-checked = تم التحقق: { $arg } مشكلة.
notice-import-done = تم الاستيراد: أُنشئ { $arg } شخصًا.
notice-import-discarded = تم التخلي عن الاستيراد وحُذف الملف.
err-date-dmy = أدخلوا تاريخًا (يوم/شهر/سنة).
err-formula = صيغة وليست قيمة.
err-no-country = بلد غير معروف.
err-yes-no = أجيبوا بنعم أو لا.
err-sheet-error = خطأ في جدول البيانات.
err-no-column = هذا العمود غير موجود في الملف.
err-column-twice = العمود مختار من قبل لحقل آخر.
err-no-language = لغة غير معروفة: { $value }
err-file-empty = الملف فارغ.
err-file-unreadable = هذا الملف ليس CSV ولا مصنفًا مقروءًا.
err-file-too-many-rows = يحتوي الملف على أكثر من 100000 سطر.
report-xlsx-summary = تنزيل الملخص (Excel)
report-xlsx-monthly = تنزيل السلسلة الشهرية (Excel)
target-xlsx = تنزيل القائمة (Excel)
person-subject-access = كل ما نحتفظ به عن الشخص (صفحة للطباعة)
sar-title = المعطيات المحفوظة
sar-intro = كل ما يحتفظ به المكتب عن هذا الشخص، مستخرج في
sar-json = تنزيل بصيغة JSON
sar-record = البطاقة
sar-consents = الموافقات (السجل)
sar-given = ممنوحة
sar-withdrawn = مرفوضة أو مسحوبة
sar-notes = الملاحظات
sar-done = منجز
sar-shared = مُشارك:
sar-audit = من اطلع على هذه المعطيات أو غيّرها
sar-audit-count = { $count ->
    [zero] لا مدخلات
    [one] مدخل واحد في السجل
    [two] مدخلان في السجل
    [few] { $count } مدخلات في السجل
   *[other] { $count } مدخلًا في السجل
}
sar-role = الدور
report-services-distributed-by-type = الخدمات المقدمة في عمليات التوزيع، حسب النوع
sheet-entry-title = إدخال الورقة المؤشر عليها
sheet-entry-intro = أزيلوا العلامة عن الأشخاص الذين لم يتسلموا شيئًا (يُسجلون غائبين)، ثم احفظوا: يتلقى كل شخص مؤشر عليه الخدمة في ملفه.
sheet-entry-ticked = تم التسلم (كما في الورقة)
partner-distribution-title = تسجيل عملية توزيع
partner-distribution-intro = خدمة واحدة تُقدَّم دفعة واحدة لأشخاص التوجيهات المؤشر عليها: يتلقاها كل منهم في ملفه، وجمعيتكم مقدِّمة الخدمة.
partner-distribution-who = الأشخاص المستفيدون
partner-distribution-repeat = التسجيل حتى لمن تلقى هذه الخدمة هذا الشهر
distribution-per-household = واحد لكل أسرة: يتسلم رب الأسرة وحده لكل الأسرة
